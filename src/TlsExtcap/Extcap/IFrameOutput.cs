using TlsExtcap.Core.Capture;
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

    /// <summary>
    /// An output of the same mode for one lane of a <see cref="ParallelCaptureSession"/>: it writes its blocks with
    /// <paramref name="writer"/>, which gathers them as part of this output's section (no section header; this
    /// output's interfaces), and the session puts them in place.
    /// </summary>
    IFrameOutput CreateLane(PcapngWriter writer);

    /// <summary>
    /// Called in input order for every frame before it goes to a lane: writes with <paramref name="header"/> what
    /// must come before the frame's blocks (keys mode: the description of an interface not seen before).
    /// </summary>
    void BeforeLanes(in HeldFrame frame, PcapngWriter header)
    {
    }
}
