namespace TlsExtcap.Load.Synthetic;

/// <summary>Shape of a synthetic TLS 1.3 capture (<see cref="SyntheticTls13Capture"/>).</summary>
public sealed record SyntheticCaptureOptions
{
    /// <summary>Connections in the capture.</summary>
    public int Connections { get; init; } = 100;

    /// <summary>Connections open at once: packets of this many connections are interleaved round-robin, and a new one starts when one ends.</summary>
    public int Concurrent { get; init; } = 100;

    /// <summary>Request/response pairs of application data records per connection.</summary>
    public int Exchanges { get; init; } = 4;

    /// <summary>Application data bytes per record.</summary>
    public int PayloadBytes { get; init; } = 200;

    /// <summary>Size of the (filler) certificate in the server's encrypted flight; above the segment size the flight spans segments.</summary>
    public int CertificateBytes { get; init; } = 3000;

    /// <summary>TCP maximum segment size: larger payloads are cut into segments of this size.</summary>
    public int SegmentSize { get; init; } = 1448;

    /// <summary>Every connection has its own secrets (slower: one AES context per record); otherwise all share one set, with distinct client randoms.</summary>
    public bool DistinctSecrets { get; init; }

    /// <summary>Seeds the client randoms and secrets.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Packets one connection produces: TCP handshake, hellos, flights, exchanges, FINs.</summary>
    public int PacketsPerConnection(int serverFlightSegments) => 3 + 1 + serverFlightSegments + 1 + (2 * Exchanges) + 2;

    /// <summary>Options for about <paramref name="packets"/> packets over <paramref name="connections"/> connections, all open at once.</summary>
    public static SyntheticCaptureOptions ForPackets(long packets, int connections, int concurrent)
    {
        var probe = new SyntheticCaptureOptions { Connections = connections, Concurrent = concurrent };
        int fixedPackets = probe.PacketsPerConnection(SyntheticConnection.ServerFlightSegments(probe)) - (2 * probe.Exchanges);
        long perConnection = Math.Max(fixedPackets + 2, packets / connections);
        return probe with { Exchanges = (int)((perConnection - fixedPackets) / 2) };
    }
}
