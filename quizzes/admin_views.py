"""Admin views to import questions (GIFT, Aiken) and export a quiz as GIFT. (Being written.)"""


def question_import_admin_urls():
    return []


def question_import_menu_item():
    return None
