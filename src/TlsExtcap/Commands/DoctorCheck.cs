namespace TlsExtcap.Commands;

/// <summary>One finding of <c>tlsextcap doctor</c>: what was checked, what was found and, for a problem, the command that fixes it.</summary>
internal sealed record DoctorCheck(DoctorStatus Status, string Title, string Detail, string? Fix = null);
