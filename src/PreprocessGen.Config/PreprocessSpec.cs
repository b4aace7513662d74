using System;
using System.Globalization;
using System.Text;

namespace PreprocessGen.Config;

/// <summary>
/// The canonical, immutable, value-equal description of an eval preprocessing pipeline: every supported dialect
/// (canonical <c>*.preprocess.json</c>, OpenCLIP, Hugging Face, timm) parses into this one type.
/// </summary>
/// <remarks>
/// The steps are: [RGB conversion if <see cref="ConvertRgb"/> and the rules put it first] → resize per
/// <see cref="ResizeMode"/> to <see cref="ResizeWidth"/> × <see cref="ResizeHeight"/> → centre crop or pad to
/// <see cref="Width"/> × <see cref="Height"/> → [RGB conversion after geometry for OpenCLIP rules] → multiply by
/// <see cref="RescaleFactor"/> → (x − mean) / std if <see cref="Normalize"/> → CHW in <see cref="ChannelOrder"/>.
/// </remarks>
public sealed record PreprocessSpec
{
    /// <summary>A name for the pipeline (used for generated type names), or null.</summary>
    public string? Name { get; init; }

    /// <summary>The model architecture (e.g. <c>ViT-B-32</c>), or null when unknown.</summary>
    public string? Architecture { get; init; }

    /// <summary>The pretrained tag (e.g. <c>laion2b_s34b_b79k</c>), or null.</summary>
    public string? Pretrained { get; init; }

    /// <summary>Which stack's rules to reproduce.</summary>
    public RulesFlavor Rules { get; init; } = RulesFlavor.OpenClip;

    /// <summary>Output width in pixels.</summary>
    public int Width { get; init; } = 224;

    /// <summary>Output height in pixels.</summary>
    public int Height { get; init; } = 224;

    /// <summary>How the image is resized.</summary>
    public ResizeMode ResizeMode { get; init; } = ResizeMode.Shortest;

    /// <summary>Resize target width. <see cref="ResizeMode.Longest"/>: the width of the box the image is scaled to fit
    /// (ratio = max(H / height, W / width), sides rounded half to even), then padded and, where larger, centre-cropped.
    /// <see cref="ResizeMode.Shortest"/>: the edge length when equal to <see cref="ResizeHeight"/>; otherwise a target box
    /// that the image is scaled to cover (ratio = min(H / height, W / width), sides rounded half to even), as OpenCLIP
    /// does for non-square sizes. <see cref="ResizeMode.Squash"/>: the exact width.</summary>
    public int ResizeWidth { get; init; } = 224;

    /// <summary>Resize target height (see <see cref="ResizeWidth"/>).</summary>
    public int ResizeHeight { get; init; } = 224;

    /// <summary>The resampling filter.</summary>
    public Interpolation Interpolation { get; init; } = Interpolation.Bicubic;

    /// <summary>Per-channel mean, applied after rescaling.</summary>
    public Rgb Mean { get; init; } = Rgb.OpenAiMean;

    /// <summary>
    /// A per-pixel mean subtracted instead of <see cref="Mean"/> (e.g. an ImageNet mean image, as Caffe/CNTK models
    /// use): a float32 .npy of shape [3, <see cref="Height"/>, <see cref="Width"/>] in RGB order and rescaled units,
    /// named by an absolute path or a <c>data:</c> URI of the file's bytes; null when the mean is per channel.
    /// </summary>
    public string? MeanImage { get; init; }

    /// <summary>Per-channel std, applied after rescaling.</summary>
    public Rgb Std { get; init; } = Rgb.OpenAiStd;

    /// <summary>Whether (x − mean) / std is applied.</summary>
    public bool Normalize { get; init; } = true;

    /// <summary>The factor a uint8 value is multiplied by (1/255 by default; 1 keeps 0..255).</summary>
    public double RescaleFactor { get; init; } = DefaultRescaleFactor;

    /// <summary>The pad colour for <see cref="ResizeMode.Longest"/> and for crops larger than the image.</summary>
    public Rgb24 Fill { get; init; }

    /// <summary>Whether the image is converted to RGB (Hugging Face <c>do_convert_rgb</c>; always true for OpenCLIP).</summary>
    public bool ConvertRgb { get; init; } = true;

    /// <summary>The channel order of the output tensor.</summary>
    public ChannelOrder ChannelOrder { get; init; } = ChannelOrder.Rgb;

    /// <summary>1/255 as Python computes it (0.00392156862745098).</summary>
    public const double DefaultRescaleFactor = 1.0 / 255.0;

    /// <summary>3 × <see cref="Height"/> × <see cref="Width"/>: the length of one CHW image tensor.</summary>
    public int OutputLength => 3 * Width * Height;

    /// <summary>True when this is OpenCLIP's default preprocessing at this size (OpenAI mean/std, bicubic, shortest side + crop, fill 0).</summary>
    public bool IsOpenClipDefault =>
        Rules == RulesFlavor.OpenClip && ResizeMode == ResizeMode.Shortest && Interpolation == Interpolation.Bicubic &&
        Mean == Rgb.OpenAiMean && MeanImage is null && Std == Rgb.OpenAiStd && Fill == default && Normalize &&
        RescaleFactor == DefaultRescaleFactor && ChannelOrder == ChannelOrder.Rgb && ConvertRgb &&
        ResizeWidth == Width && ResizeHeight == Height;

    /// <summary>A one-line description of the steps, e.g. <c>openclip: shortest 224 bicubic → crop 224x224 → /255 → normalize [..] [..]</c>.</summary>
    public string Describe()
    {
        var sb = new StringBuilder();
        sb.Append(CanonicalFormat.RulesName(Rules)).Append(": ");
        if (ConvertRgb && Rules == RulesFlavor.HuggingFace) sb.Append("RGB → ");
        switch (ResizeMode)
        {
            case ResizeMode.Shortest when ResizeWidth == ResizeHeight: sb.Append("resize shortest side to ").Append(ResizeWidth); break;
            case ResizeMode.Shortest: sb.Append("resize to cover ").Append(ResizeWidth).Append('x').Append(ResizeHeight); break;
            case ResizeMode.Longest when ResizeWidth == ResizeHeight: sb.Append("resize longest side to ").Append(ResizeWidth); break;
            case ResizeMode.Longest: sb.Append("resize to fit ").Append(ResizeWidth).Append('x').Append(ResizeHeight).Append(" keeping the aspect ratio"); break;
            default: sb.Append("resize to ").Append(ResizeWidth).Append('x').Append(ResizeHeight); break;
        }

        sb.Append(' ').Append(CanonicalFormat.InterpolationName(Interpolation));
        if (ResizeMode == ResizeMode.Longest) sb.Append(" → pad to ").Append(Width).Append('x').Append(Height).Append(" with ").Append(Fill);
        else if (ResizeMode == ResizeMode.Shortest || ResizeWidth != Width || ResizeHeight != Height) sb.Append(" → centre crop ").Append(Width).Append('x').Append(Height);
        if (ConvertRgb && Rules == RulesFlavor.OpenClip) sb.Append(" → RGB");
        sb.Append(" → ×").Append(RescaleFactor.ToString("R", CultureInfo.InvariantCulture));
        if (Normalize && MeanImage is not null) sb.Append(" → subtract the mean image, divide by std ").Append(Std);
        else if (Normalize) sb.Append(" → normalize mean ").Append(Mean).Append(" std ").Append(Std);
        if (ChannelOrder == ChannelOrder.Bgr) sb.Append(" → BGR");
        return sb.ToString();
    }
}
