using System.ComponentModel;
using System.Globalization;
using System.Reflection;

namespace FanRewards.DevHost.Discovery;

/// <summary>Turns binding text (a route value) into a parameter's type, as the host converts binding data.</summary>
internal static class TextValueConverter
{
    /// <summary>A converter for <paramref name="type"/>, or null when text cannot become that type.</summary>
    public static Func<string, object?>? For(Type type)
    {
        if (type == typeof(string) || type == typeof(object))
        {
            return text => text;
        }

        var converter = TypeDescriptor.GetConverter(type);
        if (converter.CanConvertFrom(typeof(string)))
        {
            return text => converter.ConvertFromInvariantString(text);
        }

        var parsable = type.GetInterfaces()
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IParsable<>)
                                 && i.GetGenericArguments()[0] == type);
        if (parsable is null)
        {
            return null;
        }

        var parse = typeof(TextValueConverter)
            .GetMethod(nameof(Parse), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(type);
        return text => parse.Invoke(null, BindingFlags.DoNotWrapExceptions, null, [text], null);
    }

    private static T Parse<T>(string text) where T : IParsable<T> => T.Parse(text, CultureInfo.InvariantCulture);
}
