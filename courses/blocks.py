"""Blocks of the knowledge pages."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from lms.blocks import MarkdownBlock


class BenefitBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("benefit"), max_length=120)
    text = blocks.TextBlock(label=_("what it means for the customer"), required=False, rows=2)

    class Meta:
        icon = "tick"
        template = "courses/blocks/benefit_block.html"
        label = _("Key benefit")
        description = _("One benefit, in the customer's words")
        preview_value = {
            "title": "Скорость без ночных провалов",
            "text": "Фильмы не тормозят вечером.",
        }


class UspBlock(blocks.StructBlock):
    competitor = blocks.CharBlock(label=_("competitor"), max_length=80)
    advantage = blocks.CharBlock(label=_("our advantage"), max_length=200)
    proof = blocks.TextBlock(
        label=_("proof"),
        rows=2,
        help_text=_("A fact the customer can check: a number, a contract clause, a test."),
    )

    class Meta:
        icon = "pick"
        template = "courses/blocks/usp_block.html"
        label = _("USP against a competitor")
        description = _("Our advantage over one named competitor, with proof")
        preview_value = {
            "competitor": "Конкурент",
            "advantage": "Монтаж за один день",
            "proof": "Пункт 4.2 договора: выезд мастера в день заявки.",
        }


class ObjectionBlock(blocks.StructBlock):
    objection = blocks.CharBlock(label=_("what the customer says"), max_length=200)
    answer = MarkdownBlock(label=_("how to answer"), rows=3)

    class Meta:
        icon = "help"
        template = "courses/blocks/objection_block.html"
        label = _("Objection")
        description = _("A typical objection and a good answer")
        preview_value = {"objection": "Дорого", "answer": "Сравните цену за мегабит…"}


class AdvantageBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("advantage"), max_length=120)
    text = blocks.TextBlock(label=_("in one or two sentences"), rows=2, required=False)

    class Meta:
        icon = "pick"
        template = "courses/blocks/advantage_block.html"
        label = _("Company advantage")
        description = _("An advantage of the company as a whole")
        preview_value = {"title": "Поддержка 24/7", "text": "Живой оператор за 60 секунд."}


class PhraseBlock(blocks.StructBlock):
    situation = blocks.CharBlock(label=_("situation"), max_length=160)
    say = blocks.TextBlock(label=_("say this"), rows=2)
    avoid = blocks.TextBlock(label=_("not this"), rows=2, required=False)
    why = blocks.TextBlock(label=_("why"), rows=2, required=False)

    class Meta:
        icon = "openquote"
        template = "courses/blocks/phrase_block.html"
        label = _("Phrase to use and to avoid")
        description = _("What to say in a situation, and what not to say")
        preview_value = {
            "situation": "Клиент ждал на линии",
            "say": "Спасибо, что дождались.",
            "avoid": "Извините, у нас завал.",
        }


class SectionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=120)
    text = MarkdownBlock(label=_("text"))

    class Meta:
        icon = "doc-full"
        template = "courses/blocks/section_block.html"
        label = _("Section")
        description = _("A heading with text")
        preview_value = {
            "heading": "Правило одного окна",
            "text": "Клиент говорит с одним человеком.",
        }


class BonusActualBlock(blocks.StructBlock):
    metric = blocks.CharBlock(
        label=_("metric"), max_length=80, help_text=_("Exactly as named in the components above.")
    )
    value = blocks.DecimalBlock(label=_("result"))

    class Meta:
        icon = "order"
        label = _("Result")


class BonusExampleBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=120)
    job_role = SnippetChooserBlock("people.JobRole", label=_("job role"), required=False)
    story = MarkdownBlock(label=_("the month in plain words"), rows=3)
    actuals = blocks.ListBlock(BonusActualBlock(), label=_("results for the month"))

    class Meta:
        # No block template: the page computes each example's bonus with the scheme's
        # components and renders the results itself.
        icon = "list-ul"
        label = _("Worked example")
        description = _("A month of one person's results and the bonus they bring")
        preview_value = {
            "title": "Оператор, обычный месяц",
            "story": "Анна закрыла 80 % обращений с первого раза.",
            "actuals": [{"metric": "FCR", "value": "80"}],
        }


# --- Lessons -------------------------------------------------------------------------------

VIDEO_EXTENSIONS = ("mp4", "webm", "ogv", "m4v")


class ProductCardEmbedBlock(blocks.StructBlock):
    card = blocks.PageChooserBlock(label=_("product card"), page_type="courses.ProductCardPage")
    note = MarkdownBlock(label=_("what to notice"), rows=2, required=False)

    class Meta:
        icon = "doc-full-inverse"
        template = "courses/blocks/product_card_embed_block.html"
        label = _("Product card")
        description = _("A product card shown inside the lesson")


class GlossaryCalloutBlock(blocks.StructBlock):
    term = SnippetChooserBlock("glossary.GlossaryTerm", label=_("glossary term"))
    note = MarkdownBlock(label=_("why it matters here"), rows=2, required=False)

    class Meta:
        icon = "help"
        template = "courses/blocks/glossary_callout_block.html"
        label = _("Glossary callout")
        description = _("A glossary term with its plain definition, highlighted")


class ScriptBlock(blocks.StructBlock):
    situation = blocks.CharBlock(label=_("situation"), max_length=200)
    say = MarkdownBlock(label=_("say this"), rows=3)
    not_that = MarkdownBlock(label=_("not that"), rows=2, required=False)
    why = blocks.TextBlock(label=_("why"), rows=2, required=False)

    class Meta:
        icon = "openquote"
        template = "courses/blocks/script_block.html"
        label = _("Say this / not that")
        description = _("A short script for a real conversation")
        preview_value = {
            "situation": "Клиент говорит «дорого»",
            "say": "Давайте посчитаем, сколько вы платите за мегабит.",
            "not_that": "У всех так.",
        }


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    note = blocks.TextBlock(label=_("when to use it"), rows=2, required=False)

    class Meta:
        icon = "doc-full"
        template = "courses/blocks/document_block.html"
        label = _("Document")
        description = _("A document to download, with when to use it")


class VideoBlock(blocks.StructBlock):
    video = DocumentChooserBlock(
        label=_("video file"), help_text=_("An uploaded MP4 or WebM file.")
    )
    caption = blocks.CharBlock(label=_("caption"), max_length=200, required=False)

    class Meta:
        icon = "media"
        template = "courses/blocks/video_block.html"
        label = _("Video")
        description = _("An uploaded video, played in the page")

    def clean(self, value):
        value = super().clean(value)
        document = value.get("video")
        if document is not None and document.file_extension.lower() not in VIDEO_EXTENSIONS:
            raise StructBlockValidationError(
                block_errors={
                    "video": ValidationError(
                        _("Choose a video file (%(extensions)s).")
                        % {"extensions": ", ".join(VIDEO_EXTENSIONS)}
                    )
                }
            )
        return value


class LessonStreamBlock(blocks.StreamBlock):
    """A lesson's body. Besides the terms its callouts choose, the glossary terms its Markdown
    mentions (as the auto-linker links them) go into Wagtail's reference index, so a change to
    a term reaches whoever learned a lesson that mentions it."""

    text = MarkdownBlock()
    image = ImageBlock(label=_("Image"))
    product_card = ProductCardEmbedBlock()
    glossary_callout = GlossaryCalloutBlock()
    script = ScriptBlock()
    document = DocumentBlock()
    video = VideoBlock()

    def extract_references(self, value):
        yield from super().extract_references(value)
        from courses.selectors.mentions import glossary_mention_references

        yield from glossary_mention_references(block=self, value=value)
