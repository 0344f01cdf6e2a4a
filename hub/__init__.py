"""The GCM Practice Hub web application."""

from __future__ import annotations

from typing import Any

from flask import Flask, g
from flask_wtf.csrf import CSRFProtect

from hub import backend, config, i18n
from hub.template import TEMPLATES


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """The app factory: defaults, then ``HUB_*`` environment variables, then ``test_config``."""
    app = Flask(__name__, template_folder=str(TEMPLATES / "site"))
    settings = config.from_environment()
    app.config.update(settings)
    app.config.update(test_config or {})
    app.config["SECRET_KEY"] = config.secret_key(app.config)
    app.config["MAX_CONTENT_LENGTH"] = 2 * 1024 * 1024
    backend.install(app, with_meaning(app, app.config.get("BACKEND") or config.backend_for(app.config)))
    install_i18n(app)

    from hub import api, feeds, review_views, security, submit_views, views

    CSRFProtect(app)
    app.register_blueprint(views.site)
    app.register_blueprint(submit_views.submit)
    app.register_blueprint(submit_views.submissions)
    app.register_blueprint(api.api)
    app.register_blueprint(feeds.feeds)
    app.register_blueprint(review_views.review)
    app.register_blueprint(review_views.review_api)
    views.register_errors(app)
    from flask_wtf.csrf import CSRFError

    app.register_error_handler(CSRFError, submit_views.csrf_failed)
    security.init_app(app)
    return app


def with_meaning(app: Flask, engine: Any) -> Any:
    """The backend behind the semantic layer, unless HUB_SEMANTIC is off (the model loads aside)."""
    if not config.is_on(app.config.get("SEMANTIC")):
        return engine
    from indexer.search.meaning import HybridBackend

    if "ENCODER" in app.config:  # tests: a fake model, loaded at once
        return HybridBackend(engine, app.config["ENCODER"], background=False)
    return HybridBackend(engine)


def install_i18n(app: Flask) -> None:
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.install_gettext_callables(
        gettext=lambda message: i18n.catalogue(i18n.current()).gettext(message),
        ngettext=lambda s, p, n: i18n.catalogue(i18n.current()).ngettext(s, p, n),
        newstyle=True,
    )

    @app.before_request
    def choose_language() -> None:
        g.lang = i18n.select_language()
