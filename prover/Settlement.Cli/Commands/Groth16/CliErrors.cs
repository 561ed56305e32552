using Settlement.Prover.Groth16;
using Settlement.Prover.Snarkjs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Settlement.Cli.Commands.Groth16;

/// <summary>Turns failures into one readable line and an exit code (2: usage or input error); never a stack trace.</summary>
internal static class CliErrors
{
    public const int Valid = 0, Invalid = 1, InputError = 2;

    public static int Report(Exception ex)
    {
        string msg = ex switch
        {
            CommandParseException or CommandRuntimeException => ex.Message,
            SnarkjsFormatException or InvalidKeyException or InputException or SetupVerificationException => ex.Message,
            Settlement.Verifier.Groth16.Groth16Exception => ex.Message,
            FileNotFoundException f => $"{f.FileName ?? "file"}: not found",
            DirectoryNotFoundException or UnauthorizedAccessException or IOException => ex.Message,
            ArgumentException => ex.Message,
            OutOfMemoryException => "out of memory: the key and witness do not fit; try a machine with more memory",
            _ => $"unexpected error ({ex.GetType().Name}): {ex.Message}",
        };
        AnsiConsole.Console.Profile.Out.Writer.Flush();
        Console.Error.WriteLine($"error: {msg}");
        return InputError;
    }

    public static void RequireFile(string path, string what)
    {
        if (!File.Exists(path)) throw new InputException($"{path}: {what} not found");
    }
}

/// <summary>An input problem already phrased for the user (file and what is wrong).</summary>
internal sealed class InputException(string message) : Exception(message);
