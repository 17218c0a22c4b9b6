namespace TlsExtcap.Core.Dissection;

/// <summary>
/// Dissects decrypted application data, chosen by ALPN or port (<see cref="DissectorRegistry.Alpn"/>,
/// <see cref="DissectorRegistry.Ports"/>). Called once per record with that record's plaintext.
/// </summary>
public interface IApplicationDataDissector
{
    /// <summary>Short protocol name, e.g. "http".</summary>
    string Name { get; }

    void Dissect(ref FieldReader data, DissectionContext context);
}
