from portal.languages import alternates_for_view


def alternates(request):
    """Pages that do not say where they live in each language (a 404, say) offer the home
    page in each; views that know better put their own ``alternates`` in the context."""
    return {"alternates": alternates_for_view("news:index")}
