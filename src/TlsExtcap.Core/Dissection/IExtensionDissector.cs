namespace TlsExtcap.Core.Dissection;

/// <summary>Dissects the extension_data of one extension type (RFC 8446 §4.2); <see cref="DissectionContext.Message"/> says in which message.</summary>
public interface IExtensionDissector
{
    /// <summary>One line on what the extension is for, shown with every occurrence.</summary>
    string Purpose { get; }

    void Dissect(ref FieldReader data, DissectionContext context);
}
