using System.Security.Cryptography;
using System.Text;

namespace TlsExtcap.Load.Synthetic;

/// <summary>
/// A synthetic capture of many TLS 1.3 connections sealed with known secrets (generated, not
/// recorded): <see cref="Options"/>.Concurrent connections are open at once, their packets
/// interleaved round-robin, and a new one starts whenever one ends. Packets are made on demand
/// (<see cref="TryNext"/>), so a capture of millions of packets costs no memory; the key log is
/// written by <see cref="WriteKeyLog"/>.
/// </summary>
public sealed class SyntheticTls13Capture : IDisposable
{
    /// <summary>Timestamp of the first packet (2025-01-01T00:00:00Z) and the spacing of packets.</summary>
    private const long StartNanoseconds = 1_735_689_600_000_000_000;
    private const long SpacingNanoseconds = 10_000;

    private readonly Queue<SyntheticConnection> _open = new();
    private readonly Dictionary<SecretKind, Tls13Sealer> _shared = [];
    private int _started;
    private long _number;

    public SyntheticTls13Capture(SyntheticCaptureOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Connections, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Concurrent, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.PayloadBytes + 5 + 1 + Tls13Sealer.TagLength, options.SegmentSize, nameof(options.PayloadBytes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Connections, 0xEFFFFF, nameof(options.Connections));
        Options = options;
        if (!options.DistinctSecrets)
        {
            foreach (SecretKind kind in Enum.GetValues<SecretKind>())
            {
                _shared[kind] = new Tls13Sealer(Secret(0, kind));
            }
        }

        while (_started < Math.Min(options.Concurrent, options.Connections))
        {
            _open.Enqueue(new SyntheticConnection(this, _started++));
        }

        PacketsPerConnection = _open.Peek().PacketCount;
    }

    public SyntheticCaptureOptions Options { get; }

    public int PacketsPerConnection { get; }

    public long TotalPackets => (long)Options.Connections * PacketsPerConnection;

    /// <summary>Packets made so far.</summary>
    public long Produced => _number;

    /// <summary>The next packet of the capture, round-robin over the open connections; false at the end.</summary>
    public bool TryNext(out SyntheticPacket packet)
    {
        if (!_open.TryDequeue(out var connection))
        {
            packet = default;
            return false;
        }

        byte[] frame = connection.Next();
        if (!connection.Done)
        {
            _open.Enqueue(connection);
        }
        else if (_started < Options.Connections)
        {
            _open.Enqueue(new SyntheticConnection(this, _started++));
        }

        _number++;
        packet = new SyntheticPacket(connection.Index, _number, StartNanoseconds + (_number * SpacingNanoseconds), frame);
        return true;
    }

    /// <summary>The 32-byte client random of connection <paramref name="index"/> (a fresh copy).</summary>
    public byte[] ClientRandom(int index) =>
        SHA256.HashData(Encoding.ASCII.GetBytes($"client random {Options.Seed} {index}"));

    /// <summary>One traffic secret of a connection (all connections share one set unless <see cref="SyntheticCaptureOptions.DistinctSecrets"/>).</summary>
    public byte[] Secret(int index, SecretKind kind) =>
        SHA256.HashData(Encoding.ASCII.GetBytes($"secret {Options.Seed} {kind} {(Options.DistinctSecrets ? index : 0)}"));

    /// <summary>The NSS key log lines of connection <paramref name="index"/> (RFC 9850 labels).</summary>
    public IEnumerable<string> KeyLogLines(int index)
    {
        string random = Convert.ToHexStringLower(ClientRandom(index));
        yield return $"CLIENT_HANDSHAKE_TRAFFIC_SECRET {random} {Convert.ToHexStringLower(Secret(index, SecretKind.ClientHandshake))}";
        yield return $"SERVER_HANDSHAKE_TRAFFIC_SECRET {random} {Convert.ToHexStringLower(Secret(index, SecretKind.ServerHandshake))}";
        yield return $"CLIENT_TRAFFIC_SECRET_0 {random} {Convert.ToHexStringLower(Secret(index, SecretKind.ClientApplication))}";
        yield return $"SERVER_TRAFFIC_SECRET_0 {random} {Convert.ToHexStringLower(Secret(index, SecretKind.ServerApplication))}";
    }

    /// <summary>Writes the key log of every connection (or of those <paramref name="include"/> accepts).</summary>
    public void WriteKeyLog(TextWriter writer, Func<int, bool>? include = null)
    {
        for (int i = 0; i < Options.Connections; i++)
        {
            if (include?.Invoke(i) == false)
            {
                continue;
            }

            foreach (string line in KeyLogLines(i))
            {
                writer.Write(line);
                writer.Write('\n');
            }
        }
    }

    /// <summary>One sealed record of a connection.</summary>
    public byte[] Seal(int index, SecretKind kind, ulong sequence, byte contentType, ReadOnlySpan<byte> content)
    {
        if (_shared.TryGetValue(kind, out var sealer))
        {
            return sealer.Seal(sequence, contentType, content);
        }

        using var own = new Tls13Sealer(Secret(index, kind));
        return own.Seal(sequence, contentType, content);
    }

    public void Dispose()
    {
        foreach (var sealer in _shared.Values)
        {
            sealer.Dispose();
        }
    }
}
