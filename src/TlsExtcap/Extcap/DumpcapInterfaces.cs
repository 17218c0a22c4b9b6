using System.Diagnostics;

namespace TlsExtcap.Extcap;

/// <summary>Lists capture interfaces with <c>dumpcap -D</c> (lines like <c>1. lo (Loopback)</c>).</summary>
internal static class DumpcapInterfaces
{
    public static string DumpcapPath => Environment.GetEnvironmentVariable("TLSEXTCAP_DUMPCAP") ?? "dumpcap";

    public static IReadOnlyList<(string Name, string Display)> List()
    {
        try
        {
            var start = new ProcessStartInfo(DumpcapPath, "-D")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(start);
            if (process is null)
            {
                return [];
            }

            process.ErrorDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            string output = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(3000))
            {
                process.Kill();
            }

            return Parse(output);
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            // No dumpcap: offer nothing rather than fail discovery (pitfall 3).
            return [];
        }
    }

    public static IReadOnlyList<(string Name, string Display)> Parse(string output)
    {
        var list = new List<(string, string)>();
        foreach (string raw in output.Split('\n'))
        {
            string line = raw.Trim();
            int dot = line.IndexOf(". ", StringComparison.Ordinal);
            if (dot <= 0 || !int.TryParse(line[..dot], out _))
            {
                continue;
            }

            string rest = line[(dot + 2)..];
            int paren = rest.IndexOf(" (", StringComparison.Ordinal);
            string name = paren > 0 ? rest[..paren] : rest;
            // Our own extcap interfaces are listed by dumpcap too only through tshark; skip them anyway.
            if (ExtcapInterfaces.IsKnown(name))
            {
                continue;
            }

            list.Add((name, rest));
        }

        return list;
    }
}
