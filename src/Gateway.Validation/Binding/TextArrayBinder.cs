using Gateway.Validation.Checks;
using Gateway.Validation.Handlers;
using Gateway.Validation.Text;

namespace Gateway.Validation.Binding;

/// <summary>A collection from repeated query keys, header lines or form fields (<c>?tag=a&amp;tag=b</c>); each value's
/// errors carry its index.</summary>
internal sealed class TextArrayBinder<TElement, TCollection> : ParameterBinder<TCollection>
{
    private readonly TextParser<TElement> _parser;
    private readonly Func<List<TElement>, TCollection> _create;
    private readonly ValueValidator? _validator;
    private readonly string _location;
    private readonly byte[] _headerName;
    private readonly TCollection _default;

    public TextArrayBinder(ParameterDescription description, TextParser parser, Func<List<TElement>, TCollection> create, ValueValidator? validator)
        : base(description)
    {
        _parser = (TextParser<TElement>)parser;
        _create = create;
        _validator = validator;
        _location = TextSources.Location(description.Source);
        _headerName = System.Text.Encoding.ASCII.GetBytes(description.Name);
        _default = description.HasDefaultValue && description.DefaultValue is TCollection typed ? typed : default!;
    }

    public override TCollection Bind(RequestContext context)
    {
        var description = Description;
        var texts = TextSources.GetAll(context, description.Source, description.Name, _headerName);
        context.Begin(_location);
        context.Push(description.Name);
        TCollection value;
        if (texts.Count == 0 && (description.IsRequired || description.HasDefaultValue))
        {
            if (description.IsRequired)
            {
                context.AddMissing();
            }

            value = _default;
        }
        else
        {
            var list = new List<TElement>(texts.Count);
            for (var i = 0; i < texts.Count; i++)
            {
                if (_parser.TryParse(texts[i], out var element))
                {
                    list.Add(element);
                }
                else
                {
                    context.Push(i);
                    context.AddError(_parser.ParseError, texts[i]);
                    context.Pop();
                }
            }

            value = _create(list);
            _validator?.Validate(value, context);
        }

        context.Pop();
        return value;
    }
}