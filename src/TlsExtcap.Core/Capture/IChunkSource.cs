namespace TlsExtcap.Core.Capture;

/// <summary>Where <see cref="CaptureInput"/> gets the capture's bytes from, a chunk at a time.</summary>
internal interface IChunkSource : IDisposable
{
    /// <summary>The next chunk (never empty); null at the end of the stream. Throws what reading the stream threw, where it threw it.</summary>
    CaptureChunk? Next();

    /// <summary>Gives a chunk back for reuse once none of its bytes are in use.</summary>
    void Return(CaptureChunk chunk);
}
