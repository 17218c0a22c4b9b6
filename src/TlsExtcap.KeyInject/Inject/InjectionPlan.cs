using TlsExtcap.Core.Keys;

namespace TlsExtcap.KeyInject.Inject;

/// <summary>Which key-log lines go into which DSB: one per connection, keyed by its ClientHello frame, plus the unmatched lines with <c>--all</c>.</summary>
internal sealed class InjectionPlan
{
    public Dictionary<long, List<string>> ByFrame { get; } = [];

    public List<string> Unmatched { get; } = [];

    public int LinesEmbedded { get; private set; }

    public int LinesLeftOut { get; private set; }

    public int LinesAlreadyPresent { get; private set; }

    public int Connections => ByFrame.Count;

    public static InjectionPlan Build(CaptureConnections connections, IEnumerable<KeyLogEntry> entries, bool all)
    {
        var plan = new InjectionPlan();
        foreach (var entry in entries)
        {
            string line = entry.Format();
            if (connections.LinesPresent.Contains(line))
            {
                plan.LinesAlreadyPresent++;
                continue;
            }

            string id = Convert.ToHexString(entry.Identifier.Span);
            string? clientRandom = entry.Label == KeyLogLabel.Rsa ? connections.RsaIdentifiers.GetValueOrDefault(id) : id;
            if (clientRandom is not null && connections.ClientHelloFrames.TryGetValue(clientRandom, out long frame))
            {
                if (!plan.ByFrame.TryGetValue(frame, out var lines))
                {
                    plan.ByFrame[frame] = lines = [];
                }

                lines.Add(line);
                plan.LinesEmbedded++;
            }
            else if (all)
            {
                plan.Unmatched.Add(line);
                plan.LinesEmbedded++;
            }
            else
            {
                plan.LinesLeftOut++;
            }
        }

        return plan;
    }
}
