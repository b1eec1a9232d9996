/**
 * The example wizard templates of resources/rule-templates/, embedded so the demo workspace
 * stays a pure function of its options (core reads no files). A unit test keeps these strings
 * identical to the files, so the two cannot drift apart.
 */

export const SALES_DIRECTOR_TEMPLATE_XML = `<?xml version="1.0" encoding="UTF-8"?>
<!-- The sales director's template for everyone below: no partner forwarding, no withholding,
     no notifications by SMS; offer time-outs between 15 minutes and 2 days. -->
<ruleTemplate xmlns="urn:leadrelay:rule-template:1" id="sales-org" name="Sales organisation" owner="dir-sales">
  <categories>
    <category>prioritization</category>
    <category>assignment</category>
    <category>attachment</category>
    <category>workflow</category>
  </categories>
  <actions>
    <action type="setPriority"/>
    <action type="setScore" min="-50" max="50"/>
    <action type="setField"/>
    <action type="routeToBox"/>
    <action type="routeToUser"/>
    <action type="routeRoundRobin"/>
    <action type="attachCollateral"/>
    <action type="setOfferTimeout" min="900000" max="172800000"/>
    <action type="incubate" min="1" max="180"/>
  </actions>
  <defaults category="prioritization" order="500"/>
</ruleTemplate>
`;

export const REGIONAL_MANAGER_TEMPLATE_XML = `<?xml version="1.0" encoding="UTF-8"?>
<!-- A regional manager's template for the reps of the DACH team: they may prioritise and
     assign leads of their region, attach approved collateral and set short offer time-outs. -->
<ruleTemplate xmlns="urn:leadrelay:rule-template:1" id="dach-reps" name="DACH reps" owner="mgr-dach">
  <categories>
    <category>prioritization</category>
    <category>assignment</category>
    <category>attachment</category>
  </categories>
  <events>
    <event>arrived</event>
    <event>offerTimedOut</event>
  </events>
  <operators>
    <operator>equals</operator>
    <operator>oneOf</operator>
    <operator>gte</operator>
    <operator>lte</operator>
    <operator>between</operator>
    <operator>contains</operator>
  </operators>
  <fields>
    <field path="contact.country">
      <value>DE</value>
      <value>AT</value>
      <value>CH</value>
    </field>
    <field path="interest.size" min="0" max="100000"/>
    <field path="interest.product"/>
    <field path="contact.title">
      <operator>contains</operator>
    </field>
    <field path="custom.*"/>
    <field path="score" min="0" max="100"/>
  </fields>
  <calculations>
    <calculation>lookup</calculation>
  </calculations>
  <actions>
    <action type="setPriority">
      <value>normal</value>
      <value>high</value>
    </action>
    <action type="setScore" min="-20" max="20"/>
    <action type="routeToUser">
      <value>rep-anna</value>
      <value>rep-ben</value>
      <value>rep-clara</value>
    </action>
    <action type="routeRoundRobin">
      <value>dach-reps</value>
    </action>
    <action type="attachCollateral">
      <value>collateral/dach-pricing.pdf</value>
      <value>collateral/case-study-de.pdf</value>
    </action>
    <action type="setOfferTimeout" min="900000" max="86400000">
      <value>reroute</value>
      <value>returnToBox</value>
    </action>
  </actions>
  <defaults category="assignment" event="arrived" enabled="true" order="100"/>
  <limits maxConditions="8" maxActions="4"/>
</ruleTemplate>
`;
