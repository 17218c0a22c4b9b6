namespace TlsExtcap.Core.Dissection.Builtin.Handshake;

/// <summary>Messages with an empty body: HelloRequest, ServerHelloDone, EndOfEarlyData (RFC 5246 §7.4.1.1, §7.4.5; RFC 8446 §4.5).</summary>
internal sealed class EmptyMessageDissector(string meaning) : IHandshakeDissector
{
    public void Dissect(ref FieldReader body, DissectionContext context)
    {
        body.EnsureEnd();
        body.Parent.Value = $"{body.Parent.Value}; {meaning}";
    }
}
