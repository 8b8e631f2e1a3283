package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/psabridge/psabridge/internal/integration"
)

func newFeaturesCommand() *cobra.Command {
	df := &dataFlags{}
	cmd := &cobra.Command{
		Use:   "features [enable|disable] [billing|service-desk]",
		Short: "Show or switch the billing and service-desk features",
		Long: "Without arguments, shows which features are on. Switching a feature on re-checks the\n" +
			"API member's rights first and is refused with the list of what is missing. Off means\n" +
			"nothing is pushed or ticketed for that feature; reports are still received and stored.",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 0 && len(args) != 2 {
				return &usageError{fmt.Errorf("want no arguments, or enable|disable and billing|service-desk")}
			}
			return nil
		},
		RunE: df.run(false, func(cmd *cobra.Command, args []string, a *app) error {
			if len(args) == 2 {
				if err := switchFeature(cmd, a, args[0], args[1]); err != nil {
					return err
				}
			}
			f, err := a.store.Features(cmd.Context(), a.partner.ID)
			if err != nil {
				return err
			}
			if a.json {
				return a.printJSON(map[string]bool{integration.FeatureBilling: f.Billing, integration.FeatureServiceDesk: f.ServiceDesk})
			}
			fmt.Fprintf(a.out, "billing       %s\nservice-desk  %s\n", onOff(f.Billing), onOff(f.ServiceDesk))
			return nil
		}),
	}
	df.register(cmd)
	return cmd
}

func switchFeature(cmd *cobra.Command, a *app, action, name string) error {
	feature, ok := map[string]string{
		"billing": integration.FeatureBilling, "service-desk": integration.FeatureServiceDesk,
		"service_desk": integration.FeatureServiceDesk,
	}[strings.ToLower(name)]
	if !ok {
		return &usageError{fmt.Errorf("unknown feature %q: billing or service-desk", name)}
	}
	switch strings.ToLower(action) {
	case "enable":
		return a.service().SetFeature(cmd.Context(), a.partner.ID, feature, true)
	case "disable":
		return a.service().SetFeature(cmd.Context(), a.partner.ID, feature, false)
	}
	return &usageError{fmt.Errorf("unknown action %q: enable or disable", action)}
}

func onOff(on bool) string {
	if on {
		return "on"
	}
	return "off"
}

func newDisconnectCommand() *cobra.Command {
	df := &dataFlags{}
	cmd := &cobra.Command{
		Use:   "disconnect",
		Short: "Delete the ConnectWise credentials; the company mapping is kept",
		Args:  cobra.NoArgs,
		RunE: df.run(false, func(cmd *cobra.Command, _ []string, a *app) error {
			if err := a.service().Disconnect(cmd.Context(), a.partner.ID); err != nil {
				return err
			}
			fmt.Fprintf(a.out, "disconnected partner %q: credentials deleted, company mapping kept\n", a.partner.Slug)
			return nil
		}),
	}
	df.register(cmd)
	return cmd
}
