using TlsExtcap.Core.Capture;
using TlsExtcap.Core.Keys;
using TlsExtcap.Extcap;
using TlsExtcap.Output;
using TlsExtcap.Tests.Support;

namespace TlsExtcap.Tests.Commands;

/// <summary>
/// Disk full (/dev/full) or an unwritable output: a clear error naming the output and the reason,
/// exit code 3, and how much was written before the error — never a crash, never blamed on the input.
/// </summary>
public class OutputFaultTests
{
    private static readonly string Seed = Cli.Data("seed", "capture.pcap");
    private static readonly string KeyLog = Cli.Data("seed", "keylog.txt");

    [Theory]
    [InlineData("keys")]
    [InlineData("plaintext")]
    [InlineData("pdu")]
    public void Decrypt_OutputOnAFullDisk_ExitThreeSaysNoSpaceAndNothingWritten(string mode)
    {
        // /dev/full refuses the very first write, the section header.
        var (code, stdout, stderr) = Cli.Run("decrypt", Seed, "--keylog", KeyLog, "-o", "/dev/full", "--mode", mode);

        Assert.Equal(3, code);
        Assert.Equal("tlsextcap: /dev/full: cannot write: no space left on the device (nothing written before the error; the output is incomplete)", stderr.Trim());
        Assert.DoesNotContain("written to", stdout);
    }

    [Fact]
    public void Decrypt_OutputInAMissingFolder_ExitThreeNothingWritten()
    {
        var (code, _, stderr) = Cli.Run("decrypt", Seed, "--keylog", KeyLog, "-o", "/nonexistent/folder/out.pcapng");

        Assert.Equal(3, code);
        Assert.Equal("tlsextcap: /nonexistent/folder/out.pcapng: cannot write: the path cannot be written (missing folder, a directory, or no permission) (nothing written before the error; the output is incomplete)",
            stderr.Trim());
    }

    [Fact]
    public void Decrypt_OutputIsADirectory_ExitThree()
    {
        var (code, _, stderr) = Cli.Run("decrypt", Seed, "--keylog", KeyLog, "-o", Path.GetTempPath());

        Assert.Equal(3, code);
        Assert.Contains("cannot write: the path cannot be written", stderr);
    }

    [Fact]
    public void Decrypt_ExportStreamsUnderARegularFile_ExitThree()
    {
        string file = Path.GetTempFileName();
        try
        {
            var (code, _, stderr) = Cli.Run("decrypt", Seed, "--keylog", KeyLog, "--export-streams", Path.Combine(file, "streams"));

            Assert.Equal(3, code);
            Assert.Contains("cannot write: the path cannot be written", stderr);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Decrypt_ExportStreamsOnAFullDisk_ExitThree()
    {
        // The seed's client stream file has a known name: make it a link to the full device.
        string dir = Directory.CreateTempSubdirectory("tlsextcap-full-").FullName;
        try
        {
            File.CreateSymbolicLink(Path.Combine(dir, "0001_127.0.0.1_50400-127.0.0.1_8443.c2s.bin"), "/dev/full");
            var (code, _, stderr) = Cli.Run("decrypt", Seed, "--keylog", KeyLog, "--export-streams", dir);

            Assert.Equal(3, code);
            Assert.Contains("0001_127.0.0.1_50400-127.0.0.1_8443.c2s.bin: cannot write: no space left on the device", stderr);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Run_DiskFillsPartWay_OutputExceptionCountsTheFramesWritten()
    {
        var keys = new KeyStore();
        keys.AddRange(KeyLogParser.Parse(File.ReadAllBytes(KeyLog), "seed").Entries);
        using var disk = new FullAfterStream(4096);
        using var frames = new KeysModeOutput(disk);
        using var session = new CaptureSession(keys, [], frames, TimeSpan.Zero, Serilog.Core.Logger.None);
        using var reader = CaptureReader.Open(Seed);

        var failure = Assert.Throws<OutputException>(() => session.Run(reader, originalPace: false, CancellationToken.None));

        Assert.Equal(OutputError.NoSpace, failure.Reason);
        Assert.InRange(session.FramesWritten, 1, 19);
        Assert.Contains($"{session.FramesWritten} frames", failure.Message);
    }

    /// <summary>A disk with room for <paramref name="capacity"/> bytes: writes beyond fail with ENOSPC, as the kernel reports it.</summary>
    private sealed class FullAfterStream(long capacity) : Stream
    {
        private long _written;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _written;

        public override long Position
        {
            get => _written;
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_written + buffer.Length > capacity)
            {
                throw new IOException("No space left on device", 28);
            }

            _written += buffer.Length;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
