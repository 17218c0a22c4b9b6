using TlsExtcap.Core.Keys;
using Xunit;

namespace TlsExtcap.Core.Tests.Keys;

public class KeyLogFollowerTests
{
    private const string Random = "035735d60c9512c61134349e99999105922738a7ee2110b0692817ec961a21dd";
    private static readonly string Line1 = $"CLIENT_RANDOM {Random} {new string('a', 96)}";
    private static readonly string Line2 = $"CLIENT_RANDOM {new string('1', 64)} {new string('b', 96)}";

    [Fact]
    public void Poll_AppendedLines_TakesCompleteLinesOnly()
    {
        string path = Path.GetTempFileName();
        try
        {
            var store = new KeyStore();
            var follower = new KeyLogFollower(path, store);
            File.WriteAllText(path, Line1 + "\n" + Line2[..40]);
            Assert.Equal(1, follower.Poll());
            File.AppendAllText(path, Line2[40..] + "\n");
            Assert.Equal(1, follower.Poll());
            Assert.Equal(2, store.Count);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Poll_LastLineWithoutNewline_TakenOnceStable()
    {
        string path = Path.GetTempFileName();
        try
        {
            var store = new KeyStore();
            var follower = new KeyLogFollower(path, store);
            File.WriteAllText(path, Line1);
            Assert.Equal(0, follower.Poll());
            Assert.Equal(1, follower.Poll());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Poll_TruncatedThenRewritten_ReadsFromStart()
    {
        string path = Path.GetTempFileName();
        try
        {
            var store = new KeyStore();
            var follower = new KeyLogFollower(path, store);
            File.WriteAllText(path, Line1 + "\n" + Line1 + "\n");
            follower.Poll();
            File.WriteAllText(path, Line2 + "\n");
            Assert.Equal(1, follower.Poll());
            Assert.Equal(2, store.Count);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Poll_ReplacedBySameSizeFile_ReadsNewContent()
    {
        string path = Path.GetTempFileName();
        try
        {
            var store = new KeyStore();
            var follower = new KeyLogFollower(path, store);
            File.WriteAllText(path, Line1 + "\n");
            follower.Poll();
            string replacement = path + ".new";
            File.WriteAllText(replacement, Line2 + "\n" + Line1 + "\n");
            File.Move(replacement, path, overwrite: true);
            follower.Poll();
            Assert.Equal(2, store.Count);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Poll_MissingFile_WaitsWithoutError()
    {
        var store = new KeyStore();
        var follower = new KeyLogFollower(Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}"), store);
        Assert.Equal(0, follower.Poll());
    }
}
