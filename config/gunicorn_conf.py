"""gunicorn's settings for the `web` service (Dockerfile, docker-compose.yml):
`gunicorn -c config/gunicorn_conf.py config.wsgi`.

The access log names the path, never the query string (config/request_logging.py), and leaves
out the Referer, which holds the previous page's query string."""

bind = "0.0.0.0:8000"
workers = 3
accesslog = "-"
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms "%(a)s"'
logger_class = "config.request_logging.GunicornLogger"
