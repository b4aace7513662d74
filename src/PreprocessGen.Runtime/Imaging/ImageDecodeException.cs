using System.IO;

namespace PreprocessGen.Runtime.Imaging;

/// <summary>An image file that cannot be decoded, or that decodes to something the Python stacks would not produce. The message names the file and the problem.</summary>
public sealed class ImageDecodeException : IOException
{
    /// <summary>Creates the exception; the message is <c>"{path}: {reason}"</c>.</summary>
    public ImageDecodeException(string path, string reason, System.Exception? inner = null)
        : base($"{path}: {reason}", inner)
    {
        FilePath = path;
        Reason = reason;
    }

    /// <summary>The file (or the name given for in-memory bytes).</summary>
    public string FilePath { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Reason { get; }
}
