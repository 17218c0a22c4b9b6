namespace TlsExtcap.Commands;

/// <summary>How a doctor check came out.</summary>
internal enum DoctorStatus
{
    Ok,
    Info,
    Warning,
    Problem,
}
