using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using ImageSearch.Preprocessing;
using PreprocessGen.Runtime.Imaging;

namespace ImageSearch;

/// <summary>
/// For each photo in photos/ (or a folder given as the argument), prints the most similar other photos by cosine
/// similarity of ResNet-18 features, with per-image timings.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        string folder = args.Length > 0 ? args[0] : Path.Combine(AppContext.BaseDirectory, "photos");
        string model = Path.Combine(AppContext.BaseDirectory, "models", "ResNet18.onnx");
        string[] files = Directory.Exists(folder)
            ? Directory.GetFiles(folder).Where(ImageDecoder.IsImageFile).OrderBy(f => f, StringComparer.Ordinal).ToArray()
            : Array.Empty<string>();
        if (files.Length < 2)
        {
            Console.Error.WriteLine($"{folder}: need at least two images (PNG, JPEG, GIF, BMP or WebP)");
            return 2;
        }

        // The typed loader: the session gets exactly the preprocessing in ResNet18's config, checked against the
        // model's input (224x224, 3 planes) when it loads.
        //
        // The naive line,
        //     using var session = new Microsoft.ML.OnnxRuntime.InferenceSession("models/ResNet18.onnx");
        // gets this from the analyzer (the ResNet18 config declares the architecture, so its checkpoints are known):
        //     warning PPG1001: 'models/ResNet18.onnx' is a ResNet18 checkpoint loaded without its preprocessing config;
        //     ResNet18 needs a per-pixel mean image, std [1, 1, 1], shortest side + centre crop, bilinear, 224x224, not the
        //     default (OpenAI mean/std, shortest side + centre crop). Fix: pass its config (preprocess: ...), or load
        //     through the generated type's LoadSession
        // and every tensor fed to it would be written by hand: RGB instead of BGR, a per-channel mean instead of the
        // mean image, or CLIP's /255 normalisation all run without an error and give other features
        // (README: "A real pretrained model").
        using var session = ResNet18.LoadSession(model);

        Console.WriteLine($"ResNet-18 features of {files.Length} images from {folder}");
        Console.WriteLine($"preprocessing ({session.PreprocessSource.ToString().ToLowerInvariant()}): {session.Spec.Describe()}");
        Console.WriteLine();
        Console.WriteLine($"{"image",-24} {"decode",8} {"preprocess",11} {"inference",10}");

        var features = new float[files.Length][];
        var tensor = new float[ResNet18.OutputLength];
        var total = Stopwatch.StartNew();
        for (int i = 0; i < files.Length; i++)
        {
            var clock = Stopwatch.StartNew();
            var image = ImageDecoder.Load(files[i]);
            double decode = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            ResNet18.Preprocess(image, tensor);
            double preprocess = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            features[i] = session.RunTensor(tensor, 1)[0].Values;
            double inference = clock.Elapsed.TotalMilliseconds;
            Console.WriteLine($"{Path.GetFileName(files[i]),-24} {decode,6:F1}ms {preprocess,9:F1}ms {inference,8:F1}ms");
        }

        Console.WriteLine($"{files.Length} images in {total.Elapsed.TotalMilliseconds:F0} ms (the first inference includes ONNX Runtime's warm-up)");
        Console.WriteLine();
        Console.WriteLine("nearest neighbours (cosine similarity):");
        for (int i = 0; i < files.Length; i++)
        {
            var ranked = Enumerable.Range(0, files.Length).Where(j => j != i)
                .Select(j => (File: Path.GetFileName(files[j]), Score: Cosine(features[i], features[j])))
                .OrderByDescending(r => r.Score).Take(3);
            Console.WriteLine($"{Path.GetFileName(files[i]),-24} " + string.Join("  ", ranked.Select(r => $"{r.File} {r.Score:F3}")));
        }

        return 0;
    }

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }

        return dot / Math.Sqrt(na * nb);
    }
}
