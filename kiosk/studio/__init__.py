"""The counsellors' studio: a Django web application to write, see and share flows.

Started by ``kiosk studio`` (:mod:`kiosk.commands.studio`). Apps by domain: ``accounts``
(places, counsellors, coordinators), ``editor`` (flows, versions, publishing, sharing),
``pictures`` (pictograms and screenshots). :mod:`.document` edits a flow's YAML keeping its
comments; :mod:`.validation` runs the kiosk's strict loader; :mod:`.preview` asks the
kiosk's own offscreen renderer for pictures of steps.
"""
