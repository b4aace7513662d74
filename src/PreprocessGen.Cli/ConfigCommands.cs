using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using PreprocessGen.Config;

namespace PreprocessGen.Cli;

/// <summary><c>validate</c>, <c>explain</c> and <c>convert</c>: config files on the command line.</summary>
internal static class ConfigCommands
{
    public static Command Validate()
    {
        var files = new Argument<FileInfo[]>("config") { Description = "config files, any dialect", Arity = ArgumentArity.OneOrMore };
        var cmd = new Command("validate", "Check config files: the same PPG diagnostics as the build, as file(line,col): severity PPGxxxx: message. Exit 1 on errors.") { files };
        cmd.SetAction(p =>
        {
            int errors = 0, warnings = 0;
            foreach (var f in p.GetValue(files)!)
            {
                if (!f.Exists)
                {
                    Console.Error.WriteLine($"{f.FullName}: error: file not found");
                    errors++;
                    continue;
                }

                var result = PreprocessConfig.Load(f.FullName);
                foreach (var problem in result.Problems)
                {
                    Console.WriteLine(problem.ToString());
                    if (problem.Severity == ProblemSeverity.Error) errors++;
                    else warnings++;
                }

                if (result.Spec is not null) Console.WriteLine($"{f.FullName}: ok ({result.Dialect}): {SpecExplainer.Steps(result.Spec)}");
            }

            Console.WriteLine($"{errors} error(s), {warnings} warning(s)");
            return errors == 0 ? 0 : 1;
        });
        return cmd;
    }

    public static Command Explain()
    {
        var file = new Argument<FileInfo>("config") { Description = "a config file, any dialect" };
        var cmd = new Command("explain", "Say what a config does, step by step, as the generated XML docs say it.") { file };
        cmd.SetAction(p =>
        {
            var spec = Load(p.GetValue(file)!);
            if (spec is null) return 2;
            Console.WriteLine(SpecExplainer.Steps(spec));
            if (spec.Architecture is not null) Console.WriteLine($"architecture: {spec.Architecture}" + (spec.Pretrained is null ? "" : $", pretrained: {spec.Pretrained}"));
            Console.WriteLine($"output: float32 [3, {spec.Height}, {spec.Width}]");
            return 0;
        });
        return cmd;
    }

    public static Command Convert()
    {
        var file = new Argument<FileInfo>("config") { Description = "a config file, any dialect" };
        var to = new Option<string>("--to") { Description = "canonical, openclip (open_clip_config.json) or hf (preprocessor_config.json)", Required = true };
        to.AcceptOnlyFromAmong("canonical", "openclip", "hf");
        var output = new Option<FileInfo?>("--out") { Description = "write here instead of standard output (an existing file is kept unless --force)" };
        var force = new Option<bool>("--force") { Description = "replace --out if it exists" };
        var cmd = new Command("convert", "Rewrite a config in another dialect, losslessly, or say what the target cannot express.") { file, to, output, force };
        cmd.SetAction(p =>
        {
            var spec = Load(p.GetValue(file)!);
            if (spec is null) return 2;
            string target = p.GetValue(to)!;
            string text, checkName;
            switch (target)
            {
                case "canonical":
                    text = CanonicalFormat.Write(spec);
                    checkName = "converted.preprocess.json";
                    break;
                case "openclip":
                    text = OpenClip(spec);
                    checkName = "open_clip_config.json";
                    break;
                default:
                    if (spec.Rules != RulesFlavor.HuggingFace)
                    {
                        Console.Error.WriteLine($"{p.GetValue(file)!.FullName}: a Hugging Face processor cannot express rules {CanonicalFormat.RulesName(spec.Rules)}: " +
                            "transformers converts to RGB before resizing and rounds centre-crop offsets down, so the tensor would differ. Convert to canonical or openclip instead.");
                        return 1;
                    }

                    string? hf = HuggingFace(spec, out string? why);
                    if (hf is null)
                    {
                        Console.Error.WriteLine($"{p.GetValue(file)!.FullName}: a Hugging Face processor cannot express this config: {why}");
                        return 1;
                    }

                    text = hf;
                    checkName = "preprocessor_config.json";
                    break;
            }

            // Lossless or nothing: the converted text must parse back to the same pipeline.
            var back = PreprocessConfig.Parse(text, checkName);
            var lost = back.Spec is null ? back.Problems.Select(x => x.ToString()).ToList() : SpecComparison.Differences(spec, back.Spec).ToList();
            if (lost.Count > 0)
            {
                Console.Error.WriteLine($"{p.GetValue(file)!.FullName}: the {target} format cannot express: {string.Join("; ", lost)}");
                return 1;
            }

            var outFile = p.GetValue(output);
            if (outFile is null)
            {
                Console.Write(text);
                return 0;
            }

            if (outFile.Exists && !p.GetValue(force))
            {
                Console.Error.WriteLine($"{outFile.FullName}: exists; pass --force to replace it");
                return 2;
            }

            File.WriteAllText(outFile.FullName, text);
            Console.Error.WriteLine($"{outFile.FullName}: written ({target})");
            return 0;
        });
        return cmd;
    }

    private static PreprocessSpec? Load(FileInfo file)
    {
        if (!file.Exists)
        {
            Console.Error.WriteLine($"{file.FullName}: file not found");
            return null;
        }

        var result = PreprocessConfig.Load(file.FullName);
        foreach (var problem in result.Problems) Console.Error.WriteLine(problem.ToString());
        return result.Spec;
    }

    private static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string Triple(Rgb v) => $"[{N(v.R)}, {N(v.G)}, {N(v.B)}]";

    private static string OpenClip(PreprocessSpec s)
    {
        string size = s.Width == s.Height ? s.Width.ToString(CultureInfo.InvariantCulture) : $"[{s.Height}, {s.Width}]";
        var sb = new StringBuilder();
        sb.Append("{\n  \"model_cfg\": {\"vision_cfg\": {\"image_size\": ").Append(size).Append("}},\n  \"preprocess_cfg\": {\n");
        sb.Append("    \"mean\": ").Append(Triple(s.Mean)).Append(",\n");
        sb.Append("    \"std\": ").Append(Triple(s.Std)).Append(",\n");
        sb.Append("    \"interpolation\": \"").Append(CanonicalFormat.InterpolationName(s.Interpolation)).Append("\",\n");
        sb.Append("    \"resize_mode\": \"").Append(CanonicalFormat.ResizeModeName(s.ResizeMode)).Append("\",\n");
        sb.Append("    \"fill_color\": ").Append(s.Fill.R.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("  }\n}\n");
        return sb.ToString();
    }

    private static string? HuggingFace(PreprocessSpec s, out string? why)
    {
        why = null;
        var sb = new StringBuilder("{\n");
        if (s.ResizeMode == ResizeMode.Shortest && s.ResizeWidth == s.ResizeHeight)
        {
            sb.Append("  \"image_processor_type\": \"CLIPImageProcessor\",\n");
            sb.Append("  \"size\": {\"shortest_edge\": ").Append(s.ResizeWidth).Append("},\n");
            sb.Append("  \"do_center_crop\": true,\n  \"crop_size\": {\"height\": ").Append(s.Height).Append(", \"width\": ").Append(s.Width).Append("},\n");
        }
        else if (s.ResizeMode == ResizeMode.Squash && s.ResizeWidth == s.Width && s.ResizeHeight == s.Height)
        {
            sb.Append("  \"image_processor_type\": \"SiglipImageProcessor\",\n");
            sb.Append("  \"size\": {\"height\": ").Append(s.Height).Append(", \"width\": ").Append(s.Width).Append("},\n");
        }
        else
        {
            why = $"resize mode {CanonicalFormat.ResizeModeName(s.ResizeMode)} with resize {s.ResizeWidth}x{s.ResizeHeight} and output {s.Width}x{s.Height} is neither CLIP's shortest edge + centre crop nor SigLIP's squash";
            return null;
        }

        sb.Append("  \"resample\": ").Append((int)s.Interpolation).Append(",\n");
        sb.Append("  \"do_rescale\": true,\n  \"rescale_factor\": ").Append(N(s.RescaleFactor)).Append(",\n");
        sb.Append("  \"do_normalize\": ").Append(s.Normalize ? "true" : "false").Append(",\n");
        sb.Append("  \"image_mean\": ").Append(Triple(s.Mean)).Append(",\n");
        sb.Append("  \"image_std\": ").Append(Triple(s.Std)).Append(",\n");
        sb.Append("  \"do_convert_rgb\": ").Append(s.ConvertRgb ? "true" : "false").Append('\n');
        sb.Append("}\n");
        return sb.ToString();
    }
}
