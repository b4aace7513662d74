using System;
using System.CommandLine;
using System.IO;
using PreprocessGen.Config;
using PreprocessGen.Runtime;
using PreprocessGen.Runtime.Imaging;

namespace PreprocessGen.Cli;

/// <summary>The <c>preprocessgen</c> command line.</summary>
public static class Program
{
    /// <summary>Runs the command line; returns the exit code.</summary>
    public static int Main(string[] args)
    {
        var root = new RootCommand("PreprocessGen: preprocess images exactly as OpenCLIP, Hugging Face and timm do.");
        root.Subcommands.Add(PreprocessCommand());
        root.Subcommands.Add(ModelCommands.Embed());
        root.Subcommands.Add(ModelCommands.Inspect());
        root.Subcommands.Add(ConfigCommands.Validate());
        root.Subcommands.Add(ConfigCommands.Explain());
        root.Subcommands.Add(ConfigCommands.Convert());
        root.Subcommands.Add(PreviewCommand.Create());
        return root.Parse(args).Invoke();
    }

    private static Command PreprocessCommand()
    {
        var config = new Option<FileInfo>("--config") { Description = "config file, any supported dialect (auto-detected)", Required = true };
        var outDir = new Option<DirectoryInfo>("--out") { Description = "output folder", Required = true };
        var saveU8 = new Option<bool>("--save-u8") { Description = "also write <stem>.u8.npy: the RGB pixels before the float conversion" };
        var threads = new Option<int>("--threads") { Description = "threads for folder inputs (default: one per core)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var inputs = new Argument<FileInfo[]>("input") { Description = "image files (PNG, JPEG, GIF, BMP, WebP), .npy files of decoded uint8 pixels ([H, W] = L, [H, W, 3] = RGB, [H, W, 4] = RGBA), or folders of them (batch: one [N, 3, H, W] file)", Arity = ArgumentArity.OneOrMore };
        var cmd = new Command("preprocess", "Write <stem>.f32.npy (float32 [3, H, W]) for each input; for a folder, <folder>.f32.npy (float32 [N, 3, H, W]) and <folder>.files.txt.") { config, outDir, saveU8, threads, inputs };
        cmd.SetAction(parse => Preprocess(parse.GetValue(config)!, parse.GetValue(outDir)!, parse.GetValue(saveU8), parse.GetValue(inputs)!, Math.Max(1, parse.GetValue(threads))));
        return cmd;
    }

    private static int Preprocess(FileInfo configFile, DirectoryInfo outDir, bool saveU8, FileInfo[] inputs, int threads)
    {
        if (!configFile.Exists)
        {
            Console.Error.WriteLine($"{configFile.FullName}: config file not found");
            return 2;
        }

        var parsed = PreprocessConfig.Load(configFile.FullName);
        foreach (var p in parsed.Problems) Console.Error.WriteLine(p.ToString());
        if (parsed.Spec is null) return 2;

        var pipeline = new PreprocessPipeline(parsed.Spec);
        Directory.CreateDirectory(outDir.FullName);
        int failures = 0;
        var tensor = new float[pipeline.OutputLength];
        var rgb = new byte[parsed.Spec.Width * parsed.Spec.Height * 3];
        var stems = new System.Collections.Generic.Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            if (Directory.Exists(input.FullName))
            {
                failures += BatchCommand.Run(pipeline, new DirectoryInfo(input.FullName), outDir, threads, ReadInput);
                continue;
            }

            try
            {
                string name = Path.GetFileNameWithoutExtension(input.Name);
                if (stems.TryGetValue(name, out var earlier))
                    throw new IOException($"{input.FullName}: has the same stem as {earlier}, so its outputs would overwrite that file's; rename one of them");
                stems[name] = input.FullName;
                var image = ReadInput(input);
                pipeline.RunToBytes(image.AsPixelBuffer(), rgb);
                pipeline.ToTensor(rgb, tensor);
                string stem = Path.Combine(outDir.FullName, name);
                NpyFile.WriteFloat32(stem + ".f32.npy", tensor, 3, parsed.Spec.Height, parsed.Spec.Width);
                if (saveU8) NpyFile.WriteUInt8(stem + ".u8.npy", rgb, parsed.Spec.Height, parsed.Spec.Width, 3);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or NotSupportedException or UnauthorizedAccessException or ArgumentException)
            {
                failures++;
                string message = ex.Message.StartsWith(input.FullName, StringComparison.Ordinal) ? ex.Message : $"{input.FullName}: {ex.Message}";
                Console.Error.WriteLine(message);
            }
        }

        return failures == 0 ? 0 : 1;
    }

    internal static DecodedImage ReadInput(FileInfo input)
    {
        if (!input.Exists) throw new FileNotFoundException($"{input.FullName}: file not found");
        if (!input.Extension.Equals(".npy", StringComparison.OrdinalIgnoreCase)) return ImageDecoder.Load(input.FullName);
        var (data, shape) = NpyFile.ReadUInt8(input.FullName);
        PixelFormat format = shape.Length switch
        {
            2 => PixelFormat.L,
            3 when shape[2] == 3 => PixelFormat.Rgb,
            3 when shape[2] == 4 => PixelFormat.Rgba,
            _ => throw new InvalidDataException($"{input.FullName}: shape ({string.Join(", ", shape)}) is not [H, W], [H, W, 3] or [H, W, 4]"),
        };
        if (shape[0] <= 0 || shape[1] <= 0) throw new InvalidDataException($"{input.FullName}: empty image ({shape[0]}x{shape[1]})");
        return new DecodedImage(data, shape[1], shape[0], format, null, "NPY", "numpy uint8");
    }
}
