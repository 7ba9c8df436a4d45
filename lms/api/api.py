"""The /api/v1 root. (Being written.)"""

from ninja import NinjaAPI

api = NinjaAPI(urls_namespace="api-v1", version="1")
