using Microsoft.CodeAnalysis;

namespace Gateway.Validation.Generators.Analysis
{
    /// <summary>The parameter attributes planning reads (HandlerPlanBuilder.CreateBinder): a binding source, validation,
    /// a description and the secrecy markers. Others change nothing and are not reproduced.</summary>
    internal static class AttributeKinds
    {
        public static bool IsReadByBinding(INamedTypeSymbol attribute)
        {
            for (var type = attribute; type is not null; type = type.BaseType)
            {
                var name = type.ToDisplayString();
                if (name is "System.ComponentModel.DataAnnotations.ValidationAttribute" or "System.ComponentModel.DescriptionAttribute"
                    or "System.ComponentModel.PasswordPropertyTextAttribute")
                {
                    return true;
                }
            }

            foreach (var implemented in attribute.AllInterfaces)
            {
                if (implemented.ToDisplayString() == "Gateway.Validation.IBindingSourceAttribute")
                {
                    return true;
                }
            }

            return false;
        }
    }
}
