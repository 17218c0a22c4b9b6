using TlsExtcap.Core.Dissection.Registries;

namespace TlsExtcap.Core.Dissection.Builtin.Records;

/// <summary>RFC 8446 §6: struct { AlertLevel level; AlertDescription description; } Alert.</summary>
internal sealed class AlertDissector : IContentDissector
{
    public void Dissect(ref FieldReader content, DissectionContext context)
    {
        while (!content.IsEmpty)
        {
            var alert = content.Struct("Alert Message", Math.Min(2, content.Remaining), out var node);
            byte level = alert.UInt8("Level", out var levelNode);
            Describe.Named(levelNode, AlertDescriptions.Levels, level);
            byte description = alert.UInt8("Description", out var descriptionNode);
            Describe.Named(descriptionNode, AlertDescriptions.Registry, description);
            alert.EnsureEnd();
            node.Value = $"{AlertDescriptions.Levels.GetName(level)} {AlertDescriptions.Registry.GetName(description)}";
            node.Text = description == 0
                ? "the sender closes its side of the connection cleanly (RFC 8446 §6.1)"
                : "an error alert: the connection ends after it (RFC 8446 §6.2)";
            node.Severity = description == 0 ? AnnotationSeverity.None : level == 2 || context.IsTls13 ? AnnotationSeverity.Error : AnnotationSeverity.Warning;
        }
    }
}
