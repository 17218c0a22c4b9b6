namespace TlsExtcap.Core.Dissection;

/// <summary>Dissects the body of one handshake message type (the 4-byte header is already annotated).</summary>
public interface IHandshakeDissector
{
    /// <summary><paramref name="body"/> covers the message body and adds to the message node.</summary>
    void Dissect(ref FieldReader body, DissectionContext context);
}
