-- Statistics read the rounds of a site's campaign, positioned within its area (docs/design.md §4,
-- "Rounds and campaigns"); a later scoring of a series resolves the alerts its rules no longer find.

-- An alert the system closes: its condition is no longer found (final; the condition may be raised
-- again as a new alert). Only dismissed and resolved alerts leave room for a new live one.
alter table alerts drop constraint alerts_status_check;
alter table alerts add constraint alerts_status_check
  check (status in ('open', 'acknowledged', 'escalated', 'dismissed', 'resolved'));
drop index alerts_one_live_per_condition;
create unique index alerts_one_live_per_condition on alerts (condition_key)
  where status not in ('dismissed', 'resolved');
alter table alert_events drop constraint alert_events_action_check;
alter table alert_events add constraint alert_events_action_check
  check (action in ('acknowledge', 'escalate', 'dismiss', 'note', 'reopen', 'assign', 'resolve'));

-- Existing rounds sit in the global default campaign. A round whose samples all come from the
-- sites of one survey area belongs to that area's own campaign (its default one); rounds shared by
-- several areas (the demo's province-wide rounds) stay in the global campaign, where each area
-- still reads only the rounds it has samples in.
update rounds r set campaign_id = c.id
  from (select s.round_id, min(st.area_id) as area_id
          from samples s join sites st on st.id = s.site_id
         group by s.round_id
        having count(distinct coalesce(st.area_id, -1)) = 1 and min(st.area_id) is not null) one
  join lateral (select id from campaigns where area_id = one.area_id order by id limit 1) c on true
 where r.id = one.round_id and r.campaign_id = default_campaign_id();
-- Every round sits in a campaign.
update rounds set campaign_id = default_campaign_id() where campaign_id is null;
alter table rounds alter column campaign_id set not null;
