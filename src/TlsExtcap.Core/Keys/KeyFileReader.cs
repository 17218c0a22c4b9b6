namespace TlsExtcap.Core.Keys;

/// <summary>Reads a whole key file with a size cap, mapping I/O failures to <see cref="KeyFileException"/>.</summary>
internal static class KeyFileReader
{
    /// <summary>Reads at most <paramref name="maxBytes"/>; a larger (or growing) file is rejected without reading it all.</summary>
    public static byte[] ReadBounded(string path, long maxBytes)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new KeyFileException(KeyFileError.NotFound, path, e);
        }

        using (stream)
        {
            if (stream.CanSeek && stream.Length > maxBytes)
            {
                throw new KeyFileException(KeyFileError.TooLarge, path);
            }

            // A live key log may grow while we read: read up to the cap plus one byte to detect that.
            int initial = stream.CanSeek ? (int)Math.Min(stream.Length, maxBytes) : 4096;
            byte[] buffer = new byte[Math.Max(initial, 1) + 1];
            int length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > maxBytes)
                    {
                        System.Security.Cryptography.CryptographicOperations.ZeroMemory(buffer);
                        throw new KeyFileException(KeyFileError.TooLarge, path);
                    }

                    byte[] larger = new byte[(int)Math.Min((long)buffer.Length * 2, maxBytes + 1)];
                    buffer.CopyTo(larger, 0);
                    System.Security.Cryptography.CryptographicOperations.ZeroMemory(buffer);
                    buffer = larger;
                }

                int read = stream.Read(buffer, length, buffer.Length - length);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            if (length > maxBytes)
            {
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(buffer);
                throw new KeyFileException(KeyFileError.TooLarge, path);
            }

            byte[] result = buffer.AsSpan(0, length).ToArray();
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(buffer);
            return result;
        }
    }
}
