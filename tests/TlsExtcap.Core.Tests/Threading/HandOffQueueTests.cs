using System.Diagnostics;
using TlsExtcap.Core.Threading;
using Xunit;

namespace TlsExtcap.Core.Tests.Threading;

public sealed class HandOffQueueTests
{
    [Fact]
    public void TryTake_ItemsFromAnotherThread_InOrderThenEndAfterComplete()
    {
        var queue = new HandOffQueue<int>(capacity: 3);
        var producer = new Thread(() =>
        {
            for (int i = 0; i < 1000; i++)
            {
                Assert.True(queue.Add(i));
            }

            queue.Complete();
        });
        producer.Start();

        var taken = new List<int>();
        while (queue.TryTake(out int item))
        {
            taken.Add(item);
        }

        producer.Join();
        Assert.Equal(Enumerable.Range(0, 1000), taken);
        Assert.True(queue.IsCompleted);
    }

    [Fact]
    public void TryAdd_Full_FalseAndAddLastStillQueues()
    {
        var queue = new HandOffQueue<int>(capacity: 2);
        Assert.True(queue.TryAdd(1));
        Assert.True(queue.TryAdd(2));

        Assert.False(queue.TryAdd(3));
        queue.AddLast(4);

        Assert.False(queue.IsCompleted);
        Assert.True(queue.TryTakeNow(out int a) && a == 1);
        Assert.True(queue.TryTakeNow(out int b) && b == 2);
        Assert.True(queue.TryTakeNow(out int c) && c == 4);
        Assert.False(queue.TryTake(out _));
        Assert.True(queue.IsCompleted);
    }

    [Fact]
    public void Add_FullAndTokenCancelled_ReturnsFalseWithoutQueueing()
    {
        var queue = new HandOffQueue<int>(capacity: 1);
        Assert.True(queue.Add(1));
        using var stop = new CancellationTokenSource();
        bool? added = null;
        var producer = new Thread(() => added = queue.Add(2, stop.Token));
        producer.Start();

        Thread.Sleep(100);
        Assert.Null(added);
        stop.Cancel();
        Assert.True(producer.Join(TimeSpan.FromSeconds(10)));

        Assert.False(added);
        Assert.True(queue.TryTakeNow(out int only) && only == 1);
        Assert.False(queue.TryTakeNow(out _));
    }

    [Fact]
    public void WaitForItem_NothingComes_ReturnsFalseAfterTheTimeout()
    {
        var queue = new HandOffQueue<int>(capacity: 1);
        var clock = Stopwatch.StartNew();

        Assert.False(queue.WaitForItem(TimeSpan.FromMilliseconds(100)));
        Assert.True(clock.ElapsedMilliseconds >= 90, $"{clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void WaitForItem_ItemArrives_ReturnsTrueBeforeTheTimeout()
    {
        var queue = new HandOffQueue<int>(capacity: 1);
        var producer = new Thread(() =>
        {
            Thread.Sleep(50);
            queue.Add(7);
        });
        producer.Start();
        var clock = Stopwatch.StartNew();

        Assert.True(queue.WaitForItem(TimeSpan.FromSeconds(30)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20));
        producer.Join();
    }

    [Fact]
    public void Cancel_WaitingTaker_WakesWithNothing()
    {
        var queue = new HandOffQueue<int>(capacity: 1);
        bool? took = null;
        var taker = new Thread(() => took = queue.TryTake(out _));
        taker.Start();

        Thread.Sleep(50);
        queue.Cancel();

        Assert.True(taker.Join(TimeSpan.FromSeconds(10)));
        Assert.False(took);
        Assert.False(queue.Add(1));
    }
}
