using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PreprocessGen.Runtime;
using PreprocessGen.Runtime.Imaging;
using Spectre.Console;

namespace PreprocessGen.Cli;

/// <summary>The folder mode of <c>preprocess</c>: every image in a folder into one NCHW tensor file, in parallel, with progress.</summary>
internal static class BatchCommand
{
    /// <summary>Returns the number of files that failed (each reported on stderr).</summary>
    public static int Run(PreprocessPipeline pipeline, DirectoryInfo folder, DirectoryInfo outDir, int threads, Func<FileInfo, DecodedImage> read)
    {
        var files = folder.GetFiles().Where(f => f.Extension.Equals(".npy", StringComparison.OrdinalIgnoreCase) || ImageDecoder.IsImageFile(f.FullName))
            .OrderBy(f => f.Name, StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
        {
            Console.Error.WriteLine($"{folder.FullName}: no images in the folder");
            return 1;
        }

        int per = pipeline.OutputLength;
        var tensor = new float[(long)files.Length * per];
        var ok = new bool[files.Length];
        var errors = new ConcurrentDictionary<int, string>();
        int done = 0;

        void Work(Action? tick)
        {
            Parallel.For(0, files.Length, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
            {
                try
                {
                    var image = read(files[i]);
                    pipeline.Run(image.AsPixelBuffer(), tensor.AsSpan(i * per, per));
                    ok[i] = true;
                }
                catch (Exception ex) when (ex is IOException or InvalidDataException or NotSupportedException or UnauthorizedAccessException or ArgumentException)
                {
                    errors[i] = ex.Message.StartsWith(files[i].FullName, StringComparison.Ordinal) ? ex.Message : $"{files[i].FullName}: {ex.Message}";
                }

                Interlocked.Increment(ref done);
                tick?.Invoke();
            });
        }

        if (AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected)
        {
            AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask(folder.Name, maxValue: files.Length);
                    Work(() => task.Increment(1));
                });
        }
        else
        {
            Work(null);
        }

        foreach (var e in errors.OrderBy(e => e.Key)) Console.Error.WriteLine(e.Value);
        int kept = ok.Count(x => x);
        Directory.CreateDirectory(outDir.FullName);
        string stem = Path.Combine(outDir.FullName, folder.Name);
        var packed = new float[(long)kept * per];
        int row = 0;
        using (var list = new StreamWriter(stem + ".files.txt"))
        {
            for (int i = 0; i < files.Length; i++)
            {
                if (!ok[i]) continue;
                Array.Copy(tensor, (long)i * per, packed, (long)row * per, per);
                list.WriteLine(files[i].FullName);
                row++;
            }
        }

        NpyFile.WriteFloat32(stem + ".f32.npy", packed, kept, 3, pipeline.Spec.Height, pipeline.Spec.Width);
        Console.WriteLine($"{stem}.f32.npy: [{kept}, 3, {pipeline.Spec.Height}, {pipeline.Spec.Width}] from {folder.FullName} ({errors.Count} failed, {threads} thread(s))");
        return errors.Count;
    }
}
