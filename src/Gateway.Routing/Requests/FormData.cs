namespace Gateway.Routing;

/// <summary>A parsed form: its fields and, for multipart bodies, its files.</summary>
/// <param name="Fields">The text fields in arrival order.</param>
/// <param name="Files">The file parts in arrival order.</param>
public sealed record FormData(MultiValueMap Fields, IReadOnlyList<FormFile> Files)
{
    /// <summary>Finds the first file of a field.</summary>
    /// <param name="name">The field name.</param>
    /// <returns>The file, or null.</returns>
    public FormFile? GetFile(string name)
    {
        foreach (var file in Files)
        {
            if (file.Name == name)
            {
                return file;
            }
        }

        return null;
    }
}