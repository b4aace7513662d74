using System;
using System.IO;

namespace PreprocessGen.Config.Tests;

internal static class TestPaths
{
    public static string Fixtures => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static string RealConfig(string name) => Path.Combine(Fixtures, "real-configs", name);

    /// <summary>The repository root (the folder holding PreprocessGen.sln).</summary>
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PreprocessGen.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("PreprocessGen.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
