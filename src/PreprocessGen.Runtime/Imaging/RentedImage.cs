using System;
using System.Buffers;

namespace PreprocessGen.Runtime.Imaging;

/// <summary>A decoded image whose pixels may live in a pooled array; <see cref="Dispose"/> returns it (once).</summary>
internal struct RentedImage : IDisposable
{
    private byte[]? _rented;

    public RentedImage(DecodedImage image, byte[]? rented)
    {
        Image = image;
        _rented = rented;
    }

    /// <summary>The image; its pixels must not be used after <see cref="Dispose"/>.</summary>
    public DecodedImage Image { get; }

    public void Dispose()
    {
        var rented = _rented;
        _rented = null;
        if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
    }
}
