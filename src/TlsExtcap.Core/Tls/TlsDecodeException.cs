namespace TlsExtcap.Core.Tls;

/// <summary>Bytes that break the TLS spec. Carries the reason and the structure being decoded.</summary>
public sealed class TlsDecodeException : Exception
{
    public TlsDecodeException(TlsDecodeError reason, string structure, string? detail = null)
        : base(detail is null ? $"{structure}: {reason}" : $"{structure}: {reason} ({detail})")
    {
        Reason = reason;
        Structure = structure;
    }

    public TlsDecodeError Reason { get; }

    public string Structure { get; }
}
