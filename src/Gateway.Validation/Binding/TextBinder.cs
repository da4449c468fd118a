using System.Globalization;

using Gateway.Validation.Checks;
using Gateway.Validation.Handlers;
using Gateway.Validation.Text;

namespace Gateway.Validation.Binding;

/// <summary>A simple value from the path, the query, a header, a cookie or a form field, parsed laxly.</summary>
internal sealed class TextBinder<T> : ParameterBinder<T>
{
    private readonly TextParser<T> _parser;
    private readonly ValueValidator? _validator;
    private readonly string _location;
    private readonly byte[] _headerName;
    private readonly bool _secret;
    private readonly T _default;

    public TextBinder(ParameterDescription description, TextParser parser, ValueValidator? validator, bool secret)
        : base(description)
    {
        _parser = (TextParser<T>)parser;
        _validator = validator;
        _secret = secret;
        _location = TextSources.Location(description.Source);
        _headerName = System.Text.Encoding.ASCII.GetBytes(description.Name);
        _default = description.HasDefaultValue && description.DefaultValue is T typed ? typed : default!;
    }

    public override T Bind(RequestContext context)
    {
        var description = Description;
        string? text;
        if (description.Source == ParameterSource.Path && context.Scope.PathParameters.TryGetValue(description.Name, out var raw))
        {
            if (raw is T typed)
            {
                if (_validator is not null)
                {
                    context.Begin(_location);
                    context.Push(description.Name, _secret);
                    _validator.Validate(typed, context);
                    context.Pop();
                }

                return typed;
            }

            text = raw as string ?? Convert.ToString(raw, CultureInfo.InvariantCulture);
        }
        else
        {
            text = TextSources.GetFirst(context, description.Source, description.Name, _headerName);
        }

        context.Begin(_location);
        context.Push(description.Name, _secret);
        T value;
        if (text is null)
        {
            if (description.IsRequired)
            {
                context.AddMissing();
            }

            value = _default;
        }
        else if (_parser.TryParse(text, out value))
        {
            _validator?.Validate(value, context);
        }
        else
        {
            context.AddError(_parser.ParseError, text);
        }

        context.Pop();
        return value;
    }
}