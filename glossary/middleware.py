import re

LINK = re.compile(
    r'<span class="glossary-wrap"><a href="[^"]*" class="glossary-term"\s+data-term="([^"]+)"'
    r'[^>]*>(.*?)</a><span class="glossary-tip" role="tooltip" id="gt-[^"]+">[^<]*</span></span>',
    re.DOTALL,
)


class FirstTermOnlyMiddleware:
    """A page is built from several texts, each linked on its own; keep only the first link to
    each term on the whole page and turn the later ones back into plain words (so tooltip ids
    stay unique too)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.streaming
            or not response.get("Content-Type", "").startswith("text/html")
            or b'class="glossary-term"' not in response.content
        ):
            return response
        seen: set[str] = set()

        def keep_first(match: re.Match) -> str:
            slug = match.group(1)
            if slug in seen:
                return match.group(2)
            seen.add(slug)
            return match.group(0)

        charset = response.charset or "utf-8"
        response.content = LINK.sub(keep_first, response.content.decode(charset)).encode(charset)
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response
