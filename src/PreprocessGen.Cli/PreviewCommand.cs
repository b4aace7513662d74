using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using PreprocessGen.Config;
using PreprocessGen.Runtime;
using PreprocessGen.Runtime.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using Rgb24 = SixLabors.ImageSharp.PixelFormats.Rgb24;

namespace PreprocessGen.Cli;

/// <summary>
/// <c>preview</c>: a PNG with, per config, the original photo with the region that survives the crop (or the padded
/// frame) outlined, beside the exact pixels the model sees (the uint8 stage), scaled up without smoothing.
/// </summary>
internal static class PreviewCommand
{
    private const int PanelHeight = 320;
    private static readonly Rgb24[] Colors = { new(255, 64, 64), new(64, 160, 255), new(80, 220, 80), new(255, 200, 0) };

    public static Command Create()
    {
        var configs = new Option<FileInfo[]>("--config") { Description = "one or more configs (repeat --config to compare them side by side)", Required = true };
        var image = new Argument<FileInfo>("image") { Description = "the image to preview" };
        var output = new Option<FileInfo>("--out") { Description = "the PNG to write", Required = true };
        var cmd = new Command("preview", "Draw what each config keeps of an image and the exact pixels the model sees, side by side, as a PNG.") { configs, image, output };
        cmd.SetAction(p => Run(p.GetValue(configs)!, p.GetValue(image)!, p.GetValue(output)!));
        return cmd;
    }

    private static int Run(FileInfo[] configFiles, FileInfo imageFile, FileInfo output)
    {
        DecodedImage decoded;
        try
        {
            decoded = ImageDecoder.Load(imageFile.FullName);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            Console.Error.WriteLine(ex.Message);
            return 1;
        }

        var specs = new List<(string Name, PreprocessSpec Spec)>();
        foreach (var f in configFiles)
        {
            if (!f.Exists)
            {
                Console.Error.WriteLine($"{f.FullName}: config file not found");
                return 2;
            }

            var parsed = PreprocessConfig.Load(f.FullName);
            foreach (var problem in parsed.Problems) Console.Error.WriteLine(problem.ToString());
            if (parsed.Spec is null) return 2;
            specs.Add((f.Name, parsed.Spec));
        }

        int w = decoded.Width, h = decoded.Height;
        var rgb = new byte[w * h * 3];
        PixelConvert.ToRgb(decoded.Pixels, w * h, decoded.Format, decoded.Palette, rgb);
        int originalWidth = Math.Max(1, (int)Math.Round((double)w * PanelHeight / h));
        int widest = 0;
        foreach (var (_, spec) in specs) widest = Math.Max(widest, (int)Math.Round((double)spec.Width * PanelHeight / spec.Height));
        const int gap = 16;
        using var canvas = new Image<Rgb24>(originalWidth + gap + widest + 2 * gap, specs.Count * (PanelHeight + gap) + gap, new Rgb24(32, 32, 32));

        using var original = Image.LoadPixelData<Rgb24>(rgb, w, h);
        original.Mutate(x => x.Resize(originalWidth, PanelHeight, KnownResamplers.Bicubic));
        for (int row = 0; row < specs.Count; row++)
        {
            var (name, spec) = specs[row];
            var color = Colors[row % Colors.Length];
            int top = gap + row * (PanelHeight + gap);
            Blit(canvas, original, gap, top);

            // The part of the original that reaches the model, in original pixels.
            var (rw, rh, left, cropTop) = Geometry.Window(spec, w, h);
            double sx = (double)w / rw, sy = (double)h / rh;
            double x0 = Math.Max(0, left * sx), y0 = Math.Max(0, cropTop * sy);
            double x1 = Math.Min(w, (left + spec.Width) * sx), y1 = Math.Min(h, (cropTop + spec.Height) * sy);
            double k = (double)PanelHeight / h;
            Outline(canvas, gap + (int)(x0 * k), top + (int)(y0 * k), gap + (int)Math.Ceiling(x1 * k) - 1, top + (int)Math.Ceiling(y1 * k) - 1, color);

            var pixels = new byte[spec.Width * spec.Height * 3];
            new PreprocessPipeline(spec).RunToBytes(decoded.AsPixelBuffer(), pixels);
            using var seen = Image.LoadPixelData<Rgb24>(pixels, spec.Width, spec.Height);
            int seenWidth = Math.Max(1, (int)Math.Round((double)spec.Width * PanelHeight / spec.Height));
            seen.Mutate(x => x.Resize(seenWidth, PanelHeight, KnownResamplers.NearestNeighbor));
            int seenLeft = gap + originalWidth + gap;
            Blit(canvas, seen, seenLeft, top);
            Outline(canvas, seenLeft - 1, top - 1, seenLeft + seenWidth, top + PanelHeight, color);
            Console.WriteLine($"row {row + 1} ({ColorName(row)} outline): {name}: {SpecExplainer.Steps(spec)}");
            Console.WriteLine($"  keeps x {x0:F0}..{x1:F0}, y {y0:F0}..{y1:F0} of the {w}x{h} image; the model sees {spec.Width}x{spec.Height}");
        }

        string full = output.FullName;
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        canvas.SaveAsPng(full);
        Console.WriteLine($"{full}: written");
        return 0;
    }

    private static string ColorName(int row) => (row % Colors.Length) switch { 0 => "red", 1 => "blue", 2 => "green", _ => "yellow" };

    private static void Blit(Image<Rgb24> canvas, Image<Rgb24> part, int left, int top)
    {
        for (int y = 0; y < part.Height && top + y < canvas.Height; y++)
            for (int x = 0; x < part.Width && left + x < canvas.Width; x++)
                canvas[left + x, top + y] = part[x, y];
    }

    private static void Outline(Image<Rgb24> canvas, int x0, int y0, int x1, int y1, Rgb24 color)
    {
        for (int t = 0; t < 3; t++)
        {
            for (int x = x0 - t; x <= x1 + t; x++)
            {
                Set(canvas, x, y0 - t, color);
                Set(canvas, x, y1 + t, color);
            }

            for (int y = y0 - t; y <= y1 + t; y++)
            {
                Set(canvas, x0 - t, y, color);
                Set(canvas, x1 + t, y, color);
            }
        }
    }

    private static void Set(Image<Rgb24> canvas, int x, int y, Rgb24 color)
    {
        if (x >= 0 && y >= 0 && x < canvas.Width && y < canvas.Height) canvas[x, y] = color;
    }
}
