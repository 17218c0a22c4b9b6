using System.Diagnostics;
using System.Globalization;
using Serilog;

namespace TlsExtcap.Core.Keys;

/// <summary>
/// The well-known per-user place: finding the folder, checking it is safe, listing the channels of running
/// captures and opening one for writing.
/// </summary>
public sealed partial class KeyChannel
{
    private const string FilePrefix = "capture-";
    private const string FileSuffix = ".keys";
    private const int OwnerReadWrite = 0x180;  // 0600
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>
    /// The per-user folder of channels: <c>$XDG_RUNTIME_DIR/tlsextcap</c> when XDG_RUNTIME_DIR is a directory
    /// owned by this user and closed to others (XDG Base Directory Specification: "owned by the user, and
    /// he MUST be the only one having read and write access to it. Its Unix access mode MUST be 0700"),
    /// else <c>&lt;temp&gt;/tlsextcap-&lt;euid&gt;</c>. Under sudo without -E that is root's folder, not the user's.
    /// On Windows the named-pipe namespace <c>\\.\pipe\</c>.
    /// </summary>
    public static string DefaultFolder()
    {
        if (OperatingSystem.IsWindows())
        {
            return @"\\.\pipe\";
        }

        uint user = KeyChannelNative.EffectiveUserId();
        string? runtime = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        if (!string.IsNullOrEmpty(runtime) && System.IO.Path.IsPathRooted(runtime)
            && KeyChannelNative.TryGetStatus(runtime, out var status)
            && status.IsDirectory && status.OwnerId == user && !status.OpenToOthers)
        {
            return System.IO.Path.Combine(runtime, "tlsextcap");
        }

        return System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"tlsextcap-{user}");
    }

    /// <summary>
    /// Channels of this user's running captures, by process id: FIFOs named <c>capture-&lt;pid&gt;.keys</c>
    /// owned by the user, whose process is alive and which a reader holds open. Leftovers of captures that
    /// died (SIGKILL) are skipped — even when their pid has been reused, since nobody reads them.
    /// </summary>
    /// <param name="folder"><see cref="DefaultFolder"/> when null.</param>
    /// <exception cref="KeyChannelException"><see cref="KeyChannelError.UnsafeFolder"/>: the folder exists but is not safe to use.</exception>
    public static IReadOnlyList<KeyChannelInfo> Running(string? folder = null)
    {
        if (OperatingSystem.IsWindows())
        {
            return RunningPipes();
        }

        if (!OperatingSystem.IsLinux())
        {
            return [];
        }

        folder ??= DefaultFolder();
        if (!KeyChannelNative.TryGetStatus(folder, out _))
        {
            return [];
        }

        CheckFolder(folder);
        uint user = KeyChannelNative.EffectiveUserId();
        var running = new List<KeyChannelInfo>();
        foreach (var (processId, path) in ChannelFiles(folder))
        {
            if (KeyChannelNative.TryGetStatus(path, out var status) && status.IsFifo && status.OwnerId == user
                && IsAlive(processId) && HasReader(path))
            {
                running.Add(new KeyChannelInfo(processId, path));
            }
        }

        running.Sort((a, b) => a.ProcessId.CompareTo(b.ProcessId));
        return running;
    }

    /// <summary>
    /// Opens a channel for writing without waiting: fails at once when no capture reads it, instead of
    /// blocking in open(2) for a reader that will never come. Checks that the folder is safe and that what
    /// was opened is a FIFO of this user. Writes then block while the pipe is full.
    /// </summary>
    /// <exception cref="KeyChannelException">With the reason: not found, not a channel, no reader, unsafe folder.</exception>
    public static Stream OpenForWriting(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (OperatingSystem.IsWindows())
        {
            return OpenPipeForWriting(path);
        }

        if (!OperatingSystem.IsLinux())
        {
            throw new KeyChannelException(KeyChannelError.Unsupported, path, "key channels are not implemented on this operating system");
        }

        if (!KeyChannelNative.TryGetStatus(path, out var before))
        {
            throw new KeyChannelException(KeyChannelError.NotFound, path, "no such key channel (has the capture ended?)");
        }

        CheckFolder(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) ?? "/");
        uint user = KeyChannelNative.EffectiveUserId();
        // Check before opening too: opening some devices has side effects.
        if (!before.IsFifo || before.OwnerId != user)
        {
            throw new KeyChannelException(KeyChannelError.NotAChannel, path, "not a key channel (a FIFO of yours)");
        }

        var handle = KeyChannelNative.TryOpenWriter(path, out int errno);
        if (handle is null)
        {
            throw errno switch
            {
                KeyChannelNative.NoSuchDevice => new KeyChannelException(KeyChannelError.NoReader, path, "no capture is reading this key channel (the capture has ended)"),
                KeyChannelNative.NoSuchFile => new KeyChannelException(KeyChannelError.NotFound, path, "no such key channel (has the capture ended?)"),
                _ => new KeyChannelException(KeyChannelError.NotAChannel, path, $"cannot open the key channel: {KeyChannelNative.Describe(errno)}"),
            };
        }

        // And after: the path may have been replaced in between (only by root, in a folder of ours).
        var opened = KeyChannelNative.GetStatus(handle, path);
        if (!opened.IsFifo || opened.OwnerId != user)
        {
            handle.Dispose();
            throw new KeyChannelException(KeyChannelError.NotAChannel, path, "not a key channel (a FIFO of yours)");
        }

        return new FileStream(handle, FileAccess.Write, bufferSize: 0);
    }

    /// <summary>Creates the folder (0700) or checks an existing one; a folder of ours open to others is closed.</summary>
    private static void PrepareFolder(string folder, ILogger log)
    {
        try
        {
            // mkdir(2) with 0700 from the start: no moment where others can enter.
            Directory.CreateDirectory(folder, OwnerOnly);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new KeyChannelException(KeyChannelError.UnsafeFolder, folder, $"cannot create the key channel folder: {ex.Message}");
        }

        if (KeyChannelNative.TryGetStatus(folder, out var status) && status.IsDirectory
            && status.OwnerId == KeyChannelNative.EffectiveUserId() && status.OpenToOthers)
        {
            log.Warning("Key channel folder {Folder} was open to others (mode {Mode}); setting 0700", folder, Convert.ToString(status.Permissions, 8));
            File.SetUnixFileMode(folder, OwnerOnly);
        }

        CheckFolder(folder);
    }

    /// <summary>
    /// A folder others could write into would let them plant or swap channels: it must be a directory
    /// itself (not a symbolic link), owned by this user, with no group or other permissions — the checks
    /// tmux and ssh-agent make on theirs.
    /// </summary>
    private static void CheckFolder(string folder)
    {
        if (!KeyChannelNative.TryGetStatus(folder, out var status))
        {
            throw new KeyChannelException(KeyChannelError.UnsafeFolder, folder, "the key channel folder does not exist");
        }

        uint user = KeyChannelNative.EffectiveUserId();
        if (!status.IsDirectory)
        {
            throw new KeyChannelException(KeyChannelError.UnsafeFolder, folder, "the key channel folder is not a directory (a symbolic link?); remove it");
        }

        if (status.OwnerId != user)
        {
            throw new KeyChannelException(KeyChannelError.UnsafeFolder, folder, $"the key channel folder belongs to user id {status.OwnerId}, not to you ({user}); remove it or set XDG_RUNTIME_DIR");
        }

        if (status.OpenToOthers)
        {
            throw new KeyChannelException(KeyChannelError.UnsafeFolder, folder, $"the key channel folder is open to others (mode {Convert.ToString(status.Permissions, 8)}); it must be 0700");
        }
    }

    /// <summary>Deletes channel files whose capture process is gone (a SIGKILLed extcap cannot clean up).</summary>
    private static void RemoveStale(string folder, ILogger log)
    {
        foreach (var (processId, path) in ChannelFiles(folder))
        {
            if (processId == Environment.ProcessId || IsAlive(processId))
            {
                continue;
            }

            try
            {
                File.Delete(path);
                log.Information("Removed the key channel {Path} of a capture that has ended", path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                log.Warning("Cannot remove the stale key channel {Path}: {Error}", path, ex.Message);
            }
        }
    }

    private static IEnumerable<(int ProcessId, string Path)> ChannelFiles(string folder)
    {
        string[] paths;
        try
        {
            paths = Directory.GetFiles(folder, FilePrefix + "*" + FileSuffix);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }

        var files = new List<(int, string)>();
        foreach (string path in paths)
        {
            string name = System.IO.Path.GetFileName(path);
            string number = name[FilePrefix.Length..^FileSuffix.Length];
            if (number.Length > 0 && number.All(char.IsAsciiDigit)
                && int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out int processId) && processId > 0)
            {
                files.Add((processId, path));
            }
        }

        return files;
    }

    private static string ChannelFileName(int processId) => string.Create(CultureInfo.InvariantCulture, $"{FilePrefix}{processId}{FileSuffix}");

    private static bool HasReader(string path)
    {
        using var handle = KeyChannelNative.TryOpenWriter(path, out _);
        return handle is not null;
    }

    private static bool IsAlive(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
