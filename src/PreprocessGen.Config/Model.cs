using System;
using System.Globalization;

namespace PreprocessGen.Config;

/// <summary>Which Python stack's rules the pipeline reproduces. The stacks differ in small, visible ways
/// (colour conversion before or after resizing, crop offset rounding, where an odd pad pixel goes).</summary>
public enum RulesFlavor
{
    /// <summary>OpenCLIP / openai-CLIP with torchvision: geometry first, RGB conversion after; crop offsets round half to even; extra pad pixel bottom/right.</summary>
    OpenClip,
    /// <summary>Hugging Face slow (PIL) image processors: RGB conversion first (if enabled); crop offsets floor; extra pad pixel top/left.</summary>
    HuggingFace,
    /// <summary>timm eval transforms: no colour conversion step; torchvision crop rules; sizes derived from crop_pct.</summary>
    Timm,
}

/// <summary>How the image is brought to the model's size.</summary>
public enum ResizeMode
{
    /// <summary>Resize the shortest side to the resize size (aspect kept), then centre crop.</summary>
    Shortest,
    /// <summary>Resize the longest side to the resize size (aspect kept), then pad to the output size with the fill colour.</summary>
    Longest,
    /// <summary>Resize to exactly the resize width and height (aspect not kept), then centre crop if the output is smaller.</summary>
    Squash,
}

/// <summary>The resampling filter, with Pillow's semantics.</summary>
public enum Interpolation
{
    /// <summary>Nearest neighbour (Pillow 0).</summary>
    Nearest = 0,
    /// <summary>Lanczos, support 3 (Pillow 1).</summary>
    Lanczos = 1,
    /// <summary>Bilinear / triangle (Pillow 2).</summary>
    Bilinear = 2,
    /// <summary>Bicubic, a = -0.5 (Pillow 3).</summary>
    Bicubic = 3,
    /// <summary>Box (Pillow 4).</summary>
    Box = 4,
    /// <summary>Hamming (Pillow 5).</summary>
    Hamming = 5,
}

/// <summary>The channel order of the output tensor.</summary>
public enum ChannelOrder
{
    /// <summary>Red, green, blue.</summary>
    Rgb,
    /// <summary>Blue, green, red (Caffe-style models).</summary>
    Bgr,
}

/// <summary>Three per-channel values (red, green, blue), as written in the config.</summary>
public readonly record struct Rgb(double R, double G, double B)
{
    /// <summary>OpenAI CLIP mean.</summary>
    public static Rgb OpenAiMean { get; } = new(0.48145466, 0.4578275, 0.40821073);

    /// <summary>OpenAI CLIP std.</summary>
    public static Rgb OpenAiStd { get; } = new(0.26862954, 0.26130258, 0.27577711);

    /// <summary>ImageNet mean (timm IMAGENET_DEFAULT_MEAN).</summary>
    public static Rgb ImageNetMean { get; } = new(0.485, 0.456, 0.406);

    /// <summary>ImageNet std (timm IMAGENET_DEFAULT_STD).</summary>
    public static Rgb ImageNetStd { get; } = new(0.229, 0.224, 0.225);

    /// <summary>0.5 for every channel (SigLIP, Inception).</summary>
    public static Rgb Half { get; } = new(0.5, 0.5, 0.5);

    /// <summary>The value of channel <paramref name="index"/> (0 = R).</summary>
    public double this[int index] => index switch
    {
        0 => R,
        1 => G,
        2 => B,
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    /// <inheritdoc />
    public override string ToString() => string.Format(CultureInfo.InvariantCulture, "[{0:R}, {1:R}, {2:R}]", R, G, B);
}

/// <summary>A fill colour (red, green, blue) in 0..255.</summary>
public readonly record struct Rgb24(byte R, byte G, byte B)
{
    /// <summary>True when all three channels are the same value.</summary>
    public bool IsGray => R == G && G == B;

    /// <inheritdoc />
    public override string ToString() => IsGray
        ? R.ToString(CultureInfo.InvariantCulture)
        : string.Format(CultureInfo.InvariantCulture, "[{0}, {1}, {2}]", R, G, B);
}
