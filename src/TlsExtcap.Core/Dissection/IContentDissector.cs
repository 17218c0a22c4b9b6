namespace TlsExtcap.Core.Dissection;

/// <summary>Dissects the content of a record of one content type (ChangeCipherSpec, Alert, Heartbeat, ...).</summary>
public interface IContentDissector
{
    void Dissect(ref FieldReader content, DissectionContext context);
}
