using TlsExtcap.Core.Tls.Session;

namespace TlsExtcap.Extcap;

/// <summary>One output mode of the extcap: what becomes of each frame once the core has processed it.</summary>
internal interface IFrameOutput : IDisposable
{
    /// <summary>The sink that receives the core's events (null when the mode only needs frames).</summary>
    ITlsEventSink? Sink { get; }

    /// <summary>Called after the core processed <paramref name="frame"/> (in per-connection order), with its packet comments: the summary line (if any), then the encoded annotation trees.</summary>
    void OnFrame(in HeldFrame frame, TlsConnection? connection, string? summary, IReadOnlyList<string> trees);

    void Flush();

    /// <summary>The core forgot a closed connection: drop what is kept for it (called after its last frame went out).</summary>
    void Forget(TlsConnection connection)
    {
    }
}
