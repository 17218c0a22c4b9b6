using Serilog;
using TlsExtcap.Core.Keys;
using TlsExtcap.Core.Network;
using TlsExtcap.Core.Tls;
using TlsExtcap.Core.Tls.Handshake;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.KeyInject.Derive;

/// <summary>
/// Two passes over a capture. Pass 1 collects the plaintext hellos and key-exchange messages; with a
/// private key they yield the TLS 1.3 handshake traffic secrets or the TLS 1.2 master secret. Pass 2
/// runs the capture again with those secrets in the key store, so the core decrypts the rest of the
/// handshake; the Finished MACs then confirm each set before it is reported.
/// </summary>
internal static class SecretDeriver
{
    private const ushort Tls13 = (ushort)TlsVersion.Tls13;

    public static IReadOnlyList<DerivationResult> Derive(string capturePath, IReadOnlyList<byte[]> privateKeys, ILogger log)
    {
        var results = new List<DerivationResult>();
        var pending = new List<(string ClientRandom, string Name, IPendingDerivation Derivation)>();
        var trialKeys = new KeyStore();
        try
        {
            foreach (var handshake in HandshakeCollector.Collect(capturePath, new KeyStore(), log))
            {
                var derivation = Start(handshake, privateKeys, out string? problem);
                if (derivation is null || handshake.ClientRandom is null)
                {
                    results.Add(new DerivationResult(handshake.Name, null, problem ?? "no ClientHello"));
                    continue;
                }

                trialKeys.AddRange(derivation.TrialEntries);
                pending.Add((handshake.ClientRandom, handshake.Name, derivation));
            }

            if (pending.Count == 0)
            {
                return results;
            }

            var secondPass = HandshakeCollector.Collect(capturePath, trialKeys, log)
                .Where(h => h.ClientRandom is not null)
                .GroupBy(h => h.ClientRandom!)
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            foreach (var (clientRandom, name, derivation) in pending)
            {
                if (!secondPass.TryGetValue(clientRandom, out var handshake))
                {
                    results.Add(new DerivationResult(name, null, "the connection was not found again"));
                    continue;
                }

                var entries = derivation.Finish(handshake, out string? problem);
                results.Add(new DerivationResult(name, entries, problem));
                log.Information("{Connection}: {Outcome}", name, entries is null ? problem : $"{entries.Count} secrets derived");
            }

            return results;
        }
        finally
        {
            foreach (var item in pending)
            {
                item.Derivation.Dispose();
            }
        }
    }

    private static IPendingDerivation? Start(ConnectionHandshake handshake, IReadOnlyList<byte[]> privateKeys, out string? problem)
    {
        if (handshake.Transport != TransportProtocol.Tcp)
        {
            problem = "DTLS is not supported by derive";
            return null;
        }

        int serverHello = Transcript.Find(handshake.Messages, 0, HandshakeType.ServerHello, fromClient: false);
        if (serverHello < 0)
        {
            problem = "no ServerHello";
            return null;
        }

        try
        {
            var hello = ServerHelloInfo.Parse(handshake.Messages[serverHello].Body);
            return hello.NegotiatedVersion == Tls13 || hello.IsHelloRetryRequest
                ? Tls13Derivation.TryStart(handshake, privateKeys, out problem)
                : Tls12Derivation.TryStart(handshake, privateKeys, out problem);
        }
        catch (TlsDecodeException ex)
        {
            problem = $"malformed {ex.Structure}";
            return null;
        }
    }
}
