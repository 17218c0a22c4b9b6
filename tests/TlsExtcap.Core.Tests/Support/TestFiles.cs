namespace TlsExtcap.Core.Tests.Support;

internal static class TestFiles
{
    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([AppContext.BaseDirectory, "TestData", .. parts]);

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty).Replace("\n", string.Empty));
}
