using TlsExtcap.Core.Pipeline;
using Xunit;

namespace TlsExtcap.Core.Tests.Pipeline;

/// <summary>A worker's session-cache miss waits for every other worker's earlier frames, and only for those.</summary>
public sealed class FrameProgressTests
{
    [Fact]
    public void WaitForEarlierFrames_AnotherWorkerBehind_ReturnsOnceItsBatchIsDone()
    {
        var progress = new FrameProgress(2);
        progress.Handed(0, firstFrame: 5);
        progress.Handed(1, firstFrame: 3);
        progress.At(1, 4);
        using var returned = new ManualResetEventSlim();

        var waiter = new Thread(() =>
        {
            FrameProgress.EnterWorker(0);
            progress.WaitForEarlierFrames(10);
            returned.Set();
        });
        waiter.Start();

        // Worker 1 is at frame 4 of a batch it has not finished: worker 0 at frame 10 must wait.
        Assert.False(returned.Wait(200));
        progress.At(1, 12);
        Assert.True(returned.Wait(5000), "worker 1 moved past frame 10");
        waiter.Join();
    }

    [Fact]
    public void WaitForEarlierFrames_OnlyItsOwnOrLaterFramesPending_ReturnsAtOnce()
    {
        var progress = new FrameProgress(3);
        progress.Handed(0, firstFrame: 1);
        progress.Handed(1, firstFrame: 20);
        progress.Handed(2, firstFrame: 7);
        progress.BatchDone(2);
        int looks = 0;

        var waiter = new Thread(() =>
        {
            FrameProgress.EnterWorker(0);
            progress.WaitForEarlierFrames(10, () => looks++);
        });
        waiter.Start();

        Assert.True(waiter.Join(5000));
        Assert.Equal(0, looks);
    }
}
