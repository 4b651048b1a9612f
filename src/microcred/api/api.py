"""The NinjaAPI instance: version 1 under ``/api/v1/``, its OpenAPI document and its docs page (Swagger UI
served from django-ninja's own static files once ``ninja`` is an installed app, never from a CDN)."""

from ninja import NinjaAPI
from ninja.operation import Operation

from microcred.api.errors import register_error_handlers
from microcred.api.routers import catalog, credentials, learner, provider


class MicrocredApi(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        """The view's own name (``catalog_list``): stable, and what clients generated from the schema call."""
        return operation.view_func.__name__


api = MicrocredApi(
    title="microcred API",
    version="1.0.0",
    description="Microcredentials: the public catalogue and verification, a learner's own data, and "
    "provider systems. Every error is JSON: code, message, details.",
    urls_namespace="api-v1",
)
register_error_handlers(api)
api.add_router("/", catalog.router)
api.add_router("/", credentials.router)
api.add_router("/me", learner.router)
api.add_router("/provider", provider.router)
api.add_router("/provider/webhooks", "microcred.api.routers.webhooks.router")
