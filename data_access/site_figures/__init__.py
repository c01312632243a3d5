"""A programme of many sites worked out one site at a time, with what each site gave kept in the database.

A national programme holds millions of person-level rows. Read into every app process, they took seconds
after each start or import and a gigabyte or more per process. But every figure the pages show adds up over
sites (persons, families and staff are told apart by site and key; ``metrics.additive`` names each such
figure and how it adds up). So a view of many sites asks each site for its part, and a site's part, once
worked out from that site's rows by the figure's own pandas function, is kept in ``site_figure``. After an
import only the site that changed is worked out again; every other site's part is one read.

A kept part can never disagree with the rows: its key names the site's versions shown, the target groups,
the figure and its arguments, and the figure's basis (``basis``). A correction, a rollback, an edit of master
data the figure reads or a release that changes its code gives new keys; an edit of anything else (a
benchmark, a delmål's text) leaves its parts standing.

One concern per module:

* ``source``: a view's frames, its rows read or, for a view of many sites, none (``frames_of_view``), and what
  the latter ask (``DatabaseSource``): which quarters each site has reported, whether a frame holds any row,
  and each additive figure, site by site, from the rows the figure declares of each site.
* ``basis``: what a figure's parts are worked out by and from besides the rows (code, version, master data).
* ``store``: reading and keeping parts in ``site_figure``, and deleting those no view can reach any more.
* ``codec``: a figure's value as text and back.
"""

from data_access.site_figures.source import forget_combined, frames_of_view
from data_access.site_figures.store import delete_unreachable

__all__ = ["delete_unreachable", "forget_combined", "frames_of_view"]
