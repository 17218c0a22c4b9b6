using TlsExtcap.Core.Dissection.Registries;

namespace TlsExtcap.Core.Dissection.Builtin.Handshake;

/// <summary>RFC 8446 §4.6.3: struct { KeyUpdateRequest request_update; } KeyUpdate.</summary>
internal sealed class KeyUpdateDissector : IHandshakeDissector
{
    public void Dissect(ref FieldReader body, DissectionContext context)
    {
        byte request = body.UInt8("Request Update", out var node);
        Describe.Named(node, MiscRegistries.KeyUpdateRequests, request);
        body.EnsureEnd();
        body.Parent.Value = $"{body.Parent.Value}; the sender's next records use application_traffic_secret_N+1";
    }
}
