namespace TlsExtcap.Core.Dissection;

/// <summary>What a node's check found (Wireshark's expert levels, reduced to what the annotations need).</summary>
public enum AnnotationSeverity
{
    /// <summary>A plain field.</summary>
    None,

    /// <summary>A check passed: a Finished MAC or a signature verified.</summary>
    Verified,

    /// <summary>Worth a look: a deprecated value, an unchecked signature.</summary>
    Warning,

    /// <summary>A check failed, or the bytes break the spec.</summary>
    Error,
}
