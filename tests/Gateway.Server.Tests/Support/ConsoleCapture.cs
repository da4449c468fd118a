using System.Text;

namespace Gateway.Server.Tests.Support;

/// <summary>Redirects <see cref="Console.Out"/> and <see cref="Console.Error"/> into memory until disposed. The console
/// is process-wide, so tests using this run in <see cref="ConsoleCollection"/>, alone.</summary>
internal sealed class ConsoleCapture : IDisposable
{
    private readonly TextWriter _out = Console.Out;
    private readonly TextWriter _error = Console.Error;
    private readonly LockedWriter _stdout = new();
    private readonly LockedWriter _stderr = new();

    public ConsoleCapture()
    {
        Console.SetOut(_stdout);
        Console.SetError(_stderr);
    }

    public string Stdout => _stdout.Text;

    public string Stderr => _stderr.Text;

    public void Dispose()
    {
        Console.SetOut(_out);
        Console.SetError(_error);
    }

    private sealed class LockedWriter : TextWriter
    {
        private readonly StringBuilder _text = new();

        public override Encoding Encoding => Encoding.UTF8;

        public string Text
        {
            get
            {
                lock (_text)
                {
                    return _text.ToString();
                }
            }
        }

        public override void Write(char value)
        {
            lock (_text)
            {
                _text.Append(value);
            }
        }

        public override void Write(string? value)
        {
            lock (_text)
            {
                _text.Append(value);
            }
        }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "console";
}